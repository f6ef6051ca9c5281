package dev.vigil.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class ThreadsTest {

    private static void task() {
        // a thread's task that is never run
    }

    @Test
    void withoutAHostFactoryThreadsAreDaemonsNamedByVigil() {
        Thread fixed = Threads.daemon("vigil-history-io").newThread(ThreadsTest::task);
        assertThat(fixed.getName()).isEqualTo("vigil-history-io");
        assertThat(fixed.isDaemon()).isTrue();
        assertThat(fixed.getState()).isEqualTo(Thread.State.NEW);
    }

    @Test
    void aNameEndingInADashIsNumberedAndNeverRepeatsAcrossFactories() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            names.add(
                    Threads.daemon("vigil-source-").newThread(ThreadsTest::task).getName());
            names.add(
                    Threads.daemon("vigil-source-").newThread(ThreadsTest::task).getName());
        }
        assertThat(names).hasSize(100).allMatch(n -> n.matches("vigil-source-\\d+"));
    }

    @Test
    void theHostsThreadIsUsedAsItComes() {
        ThreadGroup group = new ThreadGroup("app");
        ThreadFactory host = task -> new Thread(group, task, "app-worker");
        Thread t = Threads.factory(host, "vigil-monitor").newThread(ThreadsTest::task);
        assertThat(t.getName()).isEqualTo("app-worker");
        assertThat(t.getThreadGroup()).isSameAs(group);
        assertThat(t.isDaemon()).isFalse(); // the host's choice, not overridden
    }

    @Test
    void aHostFactoryThatThrowsOrGivesNoThreadLeavesVigilOnADaemonOfItsOwn() {
        ThreadFactory throwing = task -> {
            throw new IllegalStateException("the application's bug");
        };
        ThreadFactory refusing = task -> null;
        Thread afterThrow = Threads.newThread(throwing, "vigil-notify-flush", ThreadsTest::task);
        Thread afterNull = Threads.factory(refusing, "vigil-probe-").newThread(ThreadsTest::task);
        assertThat(afterThrow.getName()).isEqualTo("vigil-notify-flush");
        assertThat(afterThrow.isDaemon()).isTrue();
        assertThat(afterNull.getName()).startsWith("vigil-probe-");
        assertThat(afterNull.isDaemon()).isTrue();
    }

    @Test
    void startRunsTheTaskOnTheNewThread() throws InterruptedException {
        String[] ranOn = new String[1];
        Thread t = Threads.start(
                null,
                "vigil-test-start",
                () -> ranOn[0] = Thread.currentThread().getName());
        t.join(60_000);
        assertThat(ranOn[0]).isEqualTo("vigil-test-start");
    }
}
