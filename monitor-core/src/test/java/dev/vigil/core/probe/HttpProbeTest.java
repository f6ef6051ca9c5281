package dev.vigil.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpProbeTest {

    private static LoopbackServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = LoopbackServer.http();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static ProbeResult check(HttpProbe.Builder builder) {
        return builder.build().check(System.currentTimeMillis());
    }

    @Test
    void succeedsOnAnExpectedStatusWithTheExpectedBody() {
        ProbeResult r = check(
                Probes.http("api", server.url("/ok")).expectStatus(200, 204).bodyContains("ok"));

        assertThat(r.success()).as(r.failure()).isTrue();
        assertThat(r.failure()).isNull();
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.certNotAfter()).isNull();
        assertThat(r.phases()).containsOnlyKeys("resolve", "connect", "processing", "transfer");
        assertThat(r.duration()).isPositive().isGreaterThanOrEqualTo(r.phases().get("processing"));
    }

    @Test
    void acceptsAny2xxWhenNoStatusIsGiven() {
        assertThat(check(Probes.http("api", server.url("/nocontent"))).success())
                .isTrue();
    }

    @Test
    void failsOnAStatusNotExpected() {
        ProbeResult r = check(Probes.http("api", server.url("/error")));

        assertThat(r.success()).isFalse();
        assertThat(r.httpStatus()).isEqualTo(500);
        assertThat(r.failure()).contains("status 500");
    }

    @Test
    void failsWhenTheBodyLacksAnExpectedText() {
        ProbeResult r = check(Probes.http("api", server.url("/ok")).bodyContains("ok", "healthy"));

        assertThat(r.success()).isFalse();
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.failure()).isEqualTo("body does not contain 'healthy'");
    }

    @Test
    void failsWhenTheBodyContainsAForbiddenText() {
        ProbeResult r =
                check(Probes.http("api", server.url("/error")).expectStatus(500).bodyNotContains("error"));

        assertThat(r.success()).isFalse();
        assertThat(r.failure()).isEqualTo("body contains 'error'");
    }

    @Test
    void sendsTheMethodAndHeadersGiven() {
        HttpProbe.Builder probe =
                Probes.http("api", server.url("/echo")).method("post").header("X-Probe", "yes");

        assertThat(check(probe.bodyContains("method=POST x-probe=yes")).success())
                .isTrue();
    }

    @Test
    void followsRedirectsByDefaultAndJudgesTheRedirectWhenTold() {
        ProbeResult followed = check(Probes.http("api", server.url("/redirect")));
        ProbeResult notFollowed =
                check(Probes.http("api", server.url("/redirect")).followRedirects(false));
        ProbeResult redirectExpected = check(Probes.http("api", server.url("/redirect"))
                .followRedirects(false)
                .expectStatus(302));

        assertThat(followed.success()).isTrue();
        assertThat(followed.httpStatus()).isEqualTo(200);
        assertThat(notFollowed.success()).isFalse();
        assertThat(notFollowed.httpStatus()).isEqualTo(302);
        assertThat(redirectExpected.success()).isTrue();
    }

    @Test
    void readsAChunkedBody() {
        ProbeResult r = check(Probes.http("api", server.url("/chunked")).bodyContains("first chunk; status: ok"));

        assertThat(r.success()).as(r.failure()).isTrue();
    }

    @Test
    void searchesOnlyTheFirstMebibyteOfTheBody() {
        ProbeResult start = check(Probes.http("api", server.url("/large")).bodyContains("xxx"));
        ProbeResult beyond = check(Probes.http("api", server.url("/large")).bodyNotContains("beyond the cap"));

        assertThat(start.success()).as(start.failure()).isTrue();
        assertThat(beyond.success()).as(beyond.failure()).isTrue();
    }

    @Test
    void headRequestsReadNoBody() {
        ProbeResult r =
                check(Probes.http("api", server.url("/ok")).method("HEAD").expectStatus(200));

        assertThat(r.success()).as(r.failure()).isTrue();
    }

    @Test
    void failsOnARedirectLoop() {
        int before = server.requests.get();

        ProbeResult r = check(Probes.http("api", server.url("/loop")));

        assertThat(r.success()).isFalse();
        assertThat(r.failure()).isEqualTo("more than " + HttpProbe.MAX_REDIRECTS + " redirects");
        assertThat(server.requests.get() - before).isEqualTo(HttpProbe.MAX_REDIRECTS + 1);
    }

    @Test
    void failsOnARefusedPort() throws IOException {
        ProbeResult r = check(Probes.http("api", URI.create("http://127.0.0.1:" + LoopbackServer.refusedPort() + "/")));

        assertThat(r.success()).isFalse();
        assertThat(r.httpStatus()).isZero();
        assertThat(r.failure()).containsIgnoringCase("connect");
    }

    @Test
    void failsAtItsTimeoutWhenTheServerHangs() {
        Duration timeout = Duration.ofMillis(300);

        ProbeResult r = check(Probes.http("api", server.url("/hang")).timeout(timeout));

        assertThat(r.success()).isFalse();
        assertThat(r.failure()).contains("timeout");
        assertThat(r.duration()).isBetween(timeout, timeout.plusSeconds(2));
    }
}
