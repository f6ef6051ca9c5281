package dev.vigil.notify.notifier;

import static dev.vigil.notify.notifier.SampleNotifications.firing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.TestAlerts;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Opsgenie's Alert API v2, checked against its documented fields and limits: create with
 * {@code message} (130), {@code alias} (512), {@code description} (15,000), {@code tags} (20 of
 * 50), {@code details} (8,000 in all), {@code priority} P1-P5, {@code source} (100); close by
 * alias with {@code identifierType=alias}; {@code Authorization: GenieKey <key>}.
 */
class OpsgenieNotifierTest {

    static final String KEY = "eb243592-faa2-4ba2-a551q-1afdf565c889";
    static final String ACCEPTED =
            "{\"result\":\"Request will be processed\",\"took\":0.302,\"requestId\":\"43a29c5c\"}";

    private final ChannelReceiver server = ChannelReceiver.start(202, ACCEPTED);

    @AfterEach
    void stop() {
        server.close();
    }

    private OpsgenieNotifier.Builder opsgenie() {
        return OpsgenieNotifier.builder(Secret.of(KEY)).endpoint(server.uri("")).source("app-1");
    }

    /** A create request as Opsgenie documents it, every field within its limit. Returns the body. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> createWithinOpsgeniesLimits() {
        ChannelReceiver.Request request = server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v2/alerts");
        assertThat(request.header("Authorization")).isEqualTo("GenieKey " + KEY);
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        Map<String, Object> body = request.json();
        assertThat(body).containsOnlyKeys("message", "alias", "description", "source", "priority", "tags", "details");
        assertThat((String) body.get("message")).hasSizeBetween(1, OpsgenieNotifier.MAX_MESSAGE_CHARS);
        assertThat((String) body.get("alias")).hasSizeBetween(1, OpsgenieNotifier.MAX_ALIAS_CHARS);
        assertThat((String) body.get("description")).hasSizeLessThanOrEqualTo(OpsgenieNotifier.MAX_DESCRIPTION_CHARS);
        assertThat((String) body.get("source")).hasSizeLessThanOrEqualTo(OpsgenieNotifier.MAX_SOURCE_CHARS);
        assertThat((String) body.get("priority")).matches("P[1-5]");
        List<Object> tags = (List<Object>) body.get("tags");
        assertThat(tags)
                .hasSizeLessThanOrEqualTo(OpsgenieNotifier.MAX_TAGS)
                .allSatisfy(t -> assertThat((String) t).hasSizeBetween(1, OpsgenieNotifier.MAX_TAG_CHARS));
        Map<String, Object> details = (Map<String, Object>) body.get("details");
        int detailChars = 0;
        for (Map.Entry<String, Object> e : details.entrySet()) {
            assertThat(e.getValue()).isInstanceOf(String.class);
            detailChars += e.getKey().length() + ((String) e.getValue()).length();
        }
        assertThat(detailChars).isLessThanOrEqualTo(OpsgenieNotifier.MAX_DETAILS_CHARS);
        return body;
    }

    @Test
    void createsAnAlertAliasedByTheGroupsStableKeyWithPriorityFromSeverity() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "95% full");
        Notification n = TestAlerts.notification("opsgenie", disk);

        assertThat(opsgenie().tags("checkout").build().deliver(n)).isEqualTo(DeliveryResult.delivered());

        Map<String, Object> body = createWithinOpsgeniesLimits();
        assertThat(body)
                .containsEntry("message", "[FIRING:1] DiskFull")
                .containsEntry("alias", n.dedupKey())
                .containsEntry("priority", "P1")
                .containsEntry("source", "app-1");
        assertThat((String) body.get("description"))
                .startsWith("[CRITICAL] DiskFull: 95% full\n")
                .contains("mount=/data", "load 1.0, heap 50%");
        assertThat(body.get("tags"))
                .isEqualTo(List.of("checkout", "severity:critical", "alertname:DiskFull", "mount:/data"));
        assertThat(body.get("details"))
                .isEqualTo(Map.of(
                        "firing",
                        "1",
                        "resolved",
                        "0",
                        "group",
                        n.groupKey(),
                        "alertname",
                        "DiskFull",
                        "mount",
                        "/data",
                        "severity",
                        "critical"));
    }

    @Test
    void theSameGroupKeepsItsAliasAcrossNotifications() {
        Alert disk = TestAlerts.firing("DiskFull", Severity.WARNING, Map.of(), "90% full");
        OpsgenieNotifier notifier = opsgenie().build();

        notifier.deliver(TestAlerts.notification("opsgenie", disk));
        notifier.deliver(TestAlerts.notification("opsgenie", TestAlerts.withSeverity(disk, Severity.CRITICAL)));

        assertThat(server.requests())
                .extracting(r -> r.json().get("alias"))
                .containsOnly(TestAlerts.notification("opsgenie", disk).dedupKey());
        assertThat(server.requests()).extracting(r -> r.json().get("priority")).containsExactly("P3", "P1");
    }

    @Test
    void closesTheAlertByItsAliasWhenTheGroupResolves() {
        Alert disk = TestAlerts.resolved(
                TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of(), "95% full"),
                Instant.parse("2026-01-01T01:00:00Z"));
        Notification n = TestAlerts.notification("opsgenie", disk);

        assertThat(opsgenie().build().deliver(n)).isEqualTo(DeliveryResult.delivered());

        ChannelReceiver.Request request = server.only();
        assertThat(request.path()).isEqualTo("/v2/alerts/" + n.dedupKey() + "/close");
        assertThat(request.query()).isEqualTo("identifierType=alias");
        assertThat(request.header("Authorization")).isEqualTo("GenieKey " + KEY);
        assertThat(request.json()).containsOnlyKeys("source", "note").containsEntry("source", "app-1");
        assertThat((String) request.json().get("note")).startsWith("[RESOLVED] DiskFull");
    }

    @Test
    void aFlappingAnnouncementNeitherCreatesNorClosesTheAlert() {
        Alert cooled = TestAlerts.resolved(TestAlerts.firing("Hot", Severity.CRITICAL, Map.of(), "hot"), TestAlerts.T0);

        DeliveryResult result = opsgenie()
                .build()
                .deliver(TestAlerts.announcement("opsgenie", Notification.Kind.FLAPPING_STARTED, cooled));

        assertThat(result).isEqualTo(DeliveryResult.delivered());
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void prioritiesAreConfigurablePerSeverity() {
        OpsgenieNotifier notifier = opsgenie()
                .priority(Severity.WARNING, OpsgenieNotifier.Priority.P4)
                .priority(Severity.CRITICAL, OpsgenieNotifier.Priority.P2)
                .build();

        notifier.deliver(
                TestAlerts.notification("opsgenie", TestAlerts.firing("Slow", Severity.WARNING, Map.of(), "slow")));

        assertThat(server.only().json()).containsEntry("priority", "P4");
        assertThat(notifier.priority(Severity.CRITICAL)).isEqualTo(OpsgenieNotifier.Priority.P2);
        assertThat(OpsgenieNotifier.of(Secret.of(KEY)).priority(Severity.CRITICAL))
                .isEqualTo(OpsgenieNotifier.Priority.P1);
        assertThat(OpsgenieNotifier.of(Secret.of(KEY)).priority(Severity.WARNING))
                .isEqualTo(OpsgenieNotifier.Priority.P3);
    }

    @Test
    void theUsAndEuRegionsHaveTheirOwnEndpoints() {
        assertThat(OpsgenieNotifier.Region.US.endpoint()).isEqualTo(URI.create("https://api.opsgenie.com"));
        assertThat(OpsgenieNotifier.Region.EU.endpoint()).isEqualTo(URI.create("https://api.eu.opsgenie.com"));
    }

    @Test
    void hostileLabelsStayWithinEveryFieldLimit() {
        assertThat(opsgenie().build().deliver(Hostile.notification())).isEqualTo(DeliveryResult.delivered());

        Map<String, Object> body = createWithinOpsgeniesLimits();
        assertThat((String) body.get("description"))
                .contains(Hostile.SCRIPT, Hostile.EVERYONE, Hostile.USER, Hostile.LINK);
        assertThat(body.get("tags").toString()).contains("huge:vvv");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) body.get("details");
        assertThat((String) details.get("huge")).hasSize(1000).endsWith("v" + ChannelText.CUT);
        assertThat(details).containsEntry("ping", Hostile.EVERYONE).containsEntry("link", Hostile.LINK);
    }

    @Test
    void aOneMebibyteAlertNameIsCutToTheMessageLimit() {
        opsgenie().build().deliver(Hostile.hugeName());

        Map<String, Object> body = createWithinOpsgeniesLimits();
        assertThat((String) body.get("message"))
                .hasSize(OpsgenieNotifier.MAX_MESSAGE_CHARS)
                .endsWith("v" + ChannelText.ELLIPSIS);
        // the text reaches the notifier with each value already cut to a bounded line
        assertThat((String) body.get("description"))
                .hasSizeLessThanOrEqualTo(OpsgenieNotifier.MAX_DESCRIPTION_CHARS)
                .contains("vvv… [")
                .contains(" more characters]");
    }

    @Test
    void aStormStaysWithinEveryFieldLimit() {
        opsgenie().build().deliver(Hostile.storm(200));

        createWithinOpsgeniesLimits();
    }

    @Test
    void labelsBeyondTheDetailsLimitAreCountedNotSent() {
        Map<String, String> labels = new java.util.TreeMap<>();
        for (int i = 0; i < 20; i++) {
            labels.put("l" + (char) ('a' + i), "x".repeat(2000));
        }
        opsgenie()
                .build()
                .deliver(TestAlerts.notification("opsgenie", TestAlerts.firing("Wide", Severity.WARNING, labels, "w")));

        @SuppressWarnings("unchecked")
        Map<String, Object> details =
                (Map<String, Object>) createWithinOpsgeniesLimits().get("details");
        assertThat(details)
                .containsKeys("la", "lb", "lc", "ld", "le", "lf", "lg")
                .doesNotContainKey("lt");
        assertThat((String) details.get("truncated")).matches("\\d+ more labels");
    }

    @Test
    void a429WaitsForOpsgeniesRateLimitPeriod() {
        server.respond(
                429,
                Map.of("X-RateLimit-State", "THROTTLED", "X-RateLimit-Period-In-Sec", "60"),
                "{\"message\":\"TooManyRequests\",\"took\":0.001,\"requestId\":\"r1\"}");

        DeliveryResult result = opsgenie().build().deliver(firing("Busy", "x"));

        assertThat(result).isEqualTo(DeliveryResult.retryAfter("HTTP 429: TooManyRequests", Duration.ofSeconds(60)));
    }

    @Test
    void a429RetryAfterHeaderComesBeforeTheRateLimitPeriod() {
        server.respond(
                429,
                Map.of("Retry-After", "7", "X-RateLimit-Period-In-Sec", "60"),
                "{\"message\":\"TooManyRequests\"}");

        DeliveryResult result = opsgenie().build().deliver(firing("Busy", "x"));

        assertThat(result).isEqualTo(DeliveryResult.retryAfter("HTTP 429: TooManyRequests", Duration.ofSeconds(7)));
    }

    @Test
    void a5xxIsRetried() {
        server.respond(503, Map.of(), "{\"message\":\"Service Unavailable\"}");

        assertThat(opsgenie().build().deliver(firing("Down", "x")))
                .isEqualTo(DeliveryResult.retry("HTTP 503: Service Unavailable"));
    }

    @Test
    void a422IsPermanentWithOpsgeniesReason() {
        server.respond(
                422,
                Map.of(),
                "{\"message\":\"Request body is not processable. Please check the errors.\","
                        + "\"errors\":{\"message\":\"Message can not be empty.\"},\"took\":0.002,\"requestId\":\"r2\"}");

        assertThat(opsgenie().build().deliver(firing("Bad", "x")))
                .isEqualTo(DeliveryResult.permanentFailure(
                        "HTTP 422: Request body is not processable. Please check the errors."));
    }

    @Test
    void theApiKeyAppearsInNoReasonEvenWhenTheServerEchoesIt() {
        server.respond(401, Map.of(), "{\"message\":\"Could not authenticate GenieKey " + KEY + "\"}");
        OpsgenieNotifier notifier = opsgenie().build();

        DeliveryResult result = notifier.deliver(firing("Secret", "x"));

        assertThat(result)
                .isEqualTo(DeliveryResult.permanentFailure("HTTP 401: Could not authenticate GenieKey (redacted)"));
        assertThat(notifier.toString()).isEqualTo("OpsgenieNotifier[opsgenie]");
    }

    @Test
    void theBuilderValidatesSourceAndTags() {
        assertThatThrownBy(() -> opsgenie().source("s".repeat(101)))
                .hasMessageStartingWith("source must be at most 100 characters: sss");
        assertThatThrownBy(() -> opsgenie().tags("ok", "t".repeat(51)))
                .hasMessageStartingWith("tag must be 1 to 50 characters: ttt");
    }
}
