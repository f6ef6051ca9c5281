package dev.vigil.test.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Route;
import dev.vigil.test.RecordingNotifier;
import dev.vigil.test.TestVigil;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueueBacklogAlertTest {

    @Test
    void aBackedUpQueuePagesOnceTheGroupWaitIsOver() {
        AtomicInteger depth = new AtomicInteger(10);
        RecordingNotifier pager = new RecordingNotifier("pager");
        try (TestVigil vigil = TestVigil.builder()
                .source(sink -> sink.gauge("app.queue.depth", depth.get()))
                .rule(Rule.threshold("queue-backlog")
                        .metric("app.queue.depth")
                        .critAbove(90)
                        .forDuration(Duration.ofSeconds(30)))
                .route(Route.all().groupWait(Duration.ofSeconds(30)).to(pager))
                .start()) {
            vigil.tick();
            assertThat(vigil.activeAlerts()).isEmpty();

            depth.set(95);
            vigil.ticks(4); // 30 s above 90 after the first: firing
            assertThat(vigil.activeAlerts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
            assertThat(pager.received()).isEmpty(); // the group waits 30 s

            vigil.advance(Duration.ofSeconds(30));
            assertThat(pager.last().status()).isEqualTo(Notification.Status.FIRING);
        }
    }
}
