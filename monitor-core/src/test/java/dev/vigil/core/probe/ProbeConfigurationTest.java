package dev.vigil.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A probe that cannot work fails when built, naming the field and the value. */
class ProbeConfigurationTest {

    @Test
    void rejectsAUrlThatIsNotAbsoluteHttp() {
        assertThatThrownBy(() -> Probes.http("api", URI.create("ftp://example.com/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url of probe 'api'")
                .hasMessageContaining("ftp://example.com/");
        assertThatThrownBy(() -> Probes.http("api", URI.create("/health")))
                .hasMessageContaining("url")
                .hasMessageContaining("/health");
        assertThatThrownBy(() -> Probes.http("api", "https://user:secret@example.com/"))
                .hasMessageContaining("must not carry user info")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Probes.http("api", "http://exa mple.com"))
                .hasMessageContaining("url of probe 'api' is not a valid URI")
                .hasMessageContaining("exa mple");
    }

    @Test
    void rejectsAnEmptyOrImpossibleStatusSet() {
        assertThatThrownBy(() -> Probes.http("api", "http://localhost/").expectStatus())
                .hasMessageContaining("expectStatus of probe 'api' must name at least one status");
        assertThatThrownBy(() -> Probes.http("api", "http://localhost/").expectStatus(200, 700))
                .hasMessageContaining("expectStatus")
                .hasMessageContaining("'700'");
    }

    @Test
    void rejectsANonPositiveTimeoutOrInterval() {
        assertThatThrownBy(() -> Probes.tcp("db", "localhost", 5432).timeout(Duration.ofSeconds(-1)))
                .hasMessage("timeout of probe 'db' must be positive, got PT-1S");
        assertThatThrownBy(() -> Probes.tcp("db", "localhost", 5432).every(Duration.ZERO))
                .hasMessage("interval of probe 'db' must be positive, got PT0S");
    }

    @Test
    void rejectsATimeoutLongerThanTheInterval() {
        assertThatThrownBy(() -> Probes.tcp("db", "localhost", 5432)
                        .every(Duration.ofSeconds(10))
                        .timeout(Duration.ofSeconds(20))
                        .build())
                .hasMessage("timeout of probe 'db' must not exceed its interval PT10S, got PT20S");
    }

    @Test
    void rejectsABadHostPortNameMethodOrHeader() {
        assertThatThrownBy(() -> Probes.tcp("db", "localhost", 70000))
                .hasMessageContaining("port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> Probes.tls("db", " ", 443)).hasMessageContaining("host of probe 'db'");
        assertThatThrownBy(() -> Probes.tcp(" ", "localhost", 1)).hasMessageContaining("probe name must not be blank");
        assertThatThrownBy(() -> Probes.http("api", "http://localhost/").method("GE T"))
                .hasMessageContaining("method")
                .hasMessageContaining("GE T");
        assertThatThrownBy(() -> Probes.http("api", "http://localhost/").header("Host", "x"))
                .hasMessageContaining("header of probe 'api'")
                .hasMessageContaining("Host");
        assertThatThrownBy(() -> Probes.http("api", "http://localhost/").bodyContains(""))
                .hasMessageContaining("bodyContains");
    }

    @Test
    void rejectsDuplicateNamesNoProbesAndZeroParallelism() {
        Probe db = Probes.tcp("db", "localhost", 5432).build();
        assertThatThrownBy(() -> ProbeSource.builder()
                        .probe(db)
                        .probe(Probes.tcp("db", "other", 1).build()))
                .hasMessage("probe name 'db' is used twice");
        assertThatThrownBy(() -> ProbeSource.builder().build()).hasMessageContaining("probes must not be empty");
        assertThatThrownBy(() -> ProbeSource.builder().parallelism(0))
                .hasMessage("parallelism must be at least 1, got 0");
    }

    @Test
    void keepsWhatItWasBuiltWith() {
        HttpProbe p = Probes.http("api", "https://example.com/health")
                .method("head")
                .expectStatus(204, 200)
                .followRedirects(false)
                .timeout(Duration.ofSeconds(2))
                .every(Duration.ofMinutes(1))
                .build();

        assertThat(p.name()).isEqualTo("api");
        assertThat(p.target()).isEqualTo("https://example.com/health");
        assertThat(p.method()).isEqualTo("HEAD");
        assertThat(p.expectedStatuses()).containsExactlyInAnyOrder(200, 204);
        assertThat(p.followsRedirects()).isFalse();
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(Probes.tls("site", "example.com", 443).build().target()).isEqualTo("example.com:443");
    }
}
