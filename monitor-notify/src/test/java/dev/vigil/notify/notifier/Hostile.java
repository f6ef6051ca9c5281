package dev.vigil.notify.notifier;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.Notification;
import dev.vigil.notify.testkit.TestAlerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Labels and annotations written to break chat channels: markup, mentions, links and 1 MB values. */
final class Hostile {

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String EVERYONE = "@everyone @here";
    static final String USER = "<@123> <@&456> <at>Alice</at>";
    static final String LINK = "[click me](http://evil.example/x)";
    static final String MARKUP = "*bold* _it_ ~~gone~~ `code` **x** # head > quote & &amp; \"q\"";
    /** One mebibyte of text, ending in something a cut must not expose half of. */
    static final String HUGE = "v".repeat(1 << 20);

    private Hostile() {}

    /** One alert whose every label and annotation is hostile, one of them 1 MB. */
    static Notification notification() {
        Alert a = TestAlerts.firing(
                "Hostile",
                Severity.CRITICAL,
                Map.of("script", SCRIPT, "ping", EVERYONE, "user", USER, "link", LINK, "markup", MARKUP, "huge", HUGE),
                SCRIPT + " " + EVERYONE + " " + USER + " " + LINK);
        a = TestAlerts.withAnnotations(
                a,
                Map.of(
                        "summary",
                        SCRIPT + " " + EVERYONE + " " + USER + " " + LINK + " " + MARKUP,
                        "description",
                        HUGE));
        return TestAlerts.notification("hostile", a);
    }

    /** An alert named with 1 MB of text, whose summary mentions everyone. */
    static Notification hugeName() {
        return TestAlerts.notification("hostile", TestAlerts.firing(HUGE, Severity.WARNING, Map.of(), EVERYONE));
    }

    /** {@code count} alerts, each with 1 MB of description (one shared string). */
    static Notification storm(int count) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(TestAlerts.withAnnotations(
                    TestAlerts.firing("Storm", Severity.WARNING, Map.of("i", "" + i, "link", LINK), "s" + i),
                    Map.of("summary", "storm " + i + " " + EVERYONE, "description", HUGE)));
        }
        return TestAlerts.notification("hostile", alerts);
    }
}
