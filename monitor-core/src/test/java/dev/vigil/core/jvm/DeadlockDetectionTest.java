package dev.vigil.core.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.Monitor;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlockDetectionTest {

    private static final MetricId DEADLOCKED = MetricId.of("jvm.threads.deadlocked");

    private final ReentrantLock left = new ReentrantLock();
    private final ReentrantLock right = new ReentrantLock();
    private final CountDownLatch bothHoldOne = new CountDownLatch(2);
    private Thread first;
    private Thread second;
    private Monitor monitor;

    @AfterEach
    void breakTheDeadlock() throws InterruptedException {
        // the locks are taken interruptibly, so interrupting ends both threads: nothing leaks
        for (Thread t : new Thread[] {first, second}) {
            if (t != null) {
                t.interrupt();
                t.join(5_000);
                assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
            }
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    private Thread locker(String name, ReentrantLock mine, ReentrantLock theirs) {
        Thread t = new Thread(
                () -> {
                    mine.lock();
                    try {
                        bothHoldOne.countDown();
                        bothHoldOne.await();
                        theirs.lockInterruptibly();
                        theirs.unlock();
                    } catch (InterruptedException e) {
                        // the test is over
                    } finally {
                        mine.unlock();
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void deadlock() {
        first = locker("vigil-test-deadlock-1", left, right);
        second = locker("vigil-test-deadlock-2", right, left);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> left.hasQueuedThread(second) && right.hasQueuedThread(first));
    }

    @Test
    void reportsTwoDeadlockedThreads() {
        ManualClock clock = ManualClock.create();
        monitor = Monitor.builder().clock(clock).source(JvmMetrics.create()).build();
        assertThat(monitor.tickNow().value(DEADLOCKED)).isZero();

        deadlock();
        clock.advance(Duration.ofSeconds(10));

        assertThat(monitor.tickNow().value(DEADLOCKED)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void checksOnlyEveryNthTickAndRepeatsTheLastResultInBetween() {
        ManualClock clock = ManualClock.create();
        monitor = Monitor.builder()
                .clock(clock)
                .source(JvmMetrics.builder().deadlockCheckEvery(3).build())
                .build();
        assertThat(monitor.tickNow().value(DEADLOCKED)).isZero(); // checked

        deadlock();
        clock.advance(Duration.ofSeconds(10));
        assertThat(monitor.tickNow().value(DEADLOCKED)).isZero(); // repeated
        clock.advance(Duration.ofSeconds(10));
        assertThat(monitor.tickNow().value(DEADLOCKED)).isZero(); // repeated
        clock.advance(Duration.ofSeconds(10));
        assertThat(monitor.tickNow().value(DEADLOCKED)).isGreaterThanOrEqualTo(2); // checked
    }
}
