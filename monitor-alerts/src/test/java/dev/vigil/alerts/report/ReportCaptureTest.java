package dev.vigil.alerts.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.FakeHistory;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class ReportCaptureTest {

    static final MetricId ROOT = MetricId.of("disk.usage", "mount", "/");
    static final MetricId CPU = MetricId.of("system.cpu.usage");

    final ManualClock clock = ManualClock.create();
    final AtomicInteger listings = new AtomicInteger();
    final ProcessTable processes = (limit, byCpu) -> {
        listings.incrementAndGet();
        return byCpu
                ? List.of(
                        new AlertReport.ProcessUsage(42, "java", 1.5, 2L << 30),
                        new AlertReport.ProcessUsage(7, "postgres", 0.5, 1L << 30))
                : List.of(new AlertReport.ProcessUsage(42, "java", 1.5, 2L << 30));
    };

    static FiringAlert alert() {
        return new FiringAlert(
                "disk-full",
                Severity.CRITICAL,
                Map.of("alertname", "disk-full", "severity", "critical"),
                Map.of("summary", "disk / is 97% full"),
                0.97);
    }

    HistoryStore history() {
        HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));
        long t0 = clock.wallMillis();
        for (int i = 0; i < 200; i++) {
            long t = t0 + i * 10_000L;
            store.record(ROOT, Unit.RATIO, t, 0.5 + i * 0.002);
            store.record(CPU, Unit.RATIO, t, 0.25);
            store.advanceTo(t);
        }
        return store;
    }

    @Test
    void capturesStructuredDataAndReadableText() {
        HistoryStore store = history();
        StandardReportCapture capture = StandardReportCapture.builder()
                .clock(clock)
                .processes(processes)
                .build();
        AlertReport r = capture.capture(alert(), ROOT, store, store.nowMillis());
        assertThat(r.series()).isEqualTo("disk.usage{mount=\"/\"}");
        assertThat(r.capturedAt()).isEqualTo(Instant.ofEpochMilli(store.nowMillis()));
        assertThat(r.latestValues()).containsEntry("system.cpu.usage", 0.25).containsKey("disk.usage{mount=\"/\"}");
        assertThat(r.topByCpu()).extracting(AlertReport.ProcessUsage::name).containsExactly("java", "postgres");
        assertThat(r.topByMemory()).hasSize(1);
        assertThat(r.threads().total()).isPositive();
        assertThat(r.threads().byState()).containsKey(Thread.State.RUNNABLE);
        assertThat(r.threads().busiest())
                .hasSizeLessThanOrEqualTo(StandardReportCapture.DEFAULT_BUSIEST_THREADS)
                .allSatisfy(t ->
                        assertThat(t.frames()).hasSizeLessThanOrEqualTo(StandardReportCapture.DEFAULT_STACK_DEPTH));
        // the raw-history range read is the history module's work; when present, it fits the window
        assertThat(r.recentHistory())
                .allSatisfy(p -> assertThat(p.timeMillis())
                        .isGreaterThan(
                                store.nowMillis() - Duration.ofMinutes(15).toMillis()));
        assertThat(r.text())
                .contains(
                        "Alert disk-full (critical) on disk.usage{mount=\"/\"}",
                        "disk / is 97% full",
                        "Top processes by CPU",
                        "postgres",
                        "2 GiB",
                        "JVM threads:",
                        "deadlocked: none",
                        "system.cpu.usage = 25%");
    }

    @Test
    void textAndLatestValuesReadLaterShowTheFiguresOfTheMomentOfCapture() {
        HistoryStore store = history();
        StandardReportCapture capture = StandardReportCapture.builder()
                .clock(clock)
                .processes(processes)
                .build();
        AlertReport r = capture.capture(alert(), ROOT, store, store.nowMillis());
        // the history moves on before any notifier reads the report
        long later = store.nowMillis() + 10_000L;
        store.record(CPU, Unit.RATIO, later, 0.75);
        store.record(MetricId.of("system.load.1m"), Unit.NONE, later, 3);
        store.advanceTo(later);

        assertThat(r.latestValues()).containsEntry("system.cpu.usage", 0.25).doesNotContainKey("system.load.1m");
        assertThat(r.text()).contains("system.cpu.usage = 25%").doesNotContain("system.load.1m");
        assertThat(List.copyOf(r.latestValues().keySet())).isSorted();
        assertThat(r.text()).isSameAs(r.text()); // rendered once
        assertThat(r)
                .isEqualTo(new AlertReport(
                        r.text(),
                        r.capturedAt(),
                        r.series(),
                        r.recentHistory(),
                        r.latestValues(),
                        r.topByCpu(),
                        r.topByMemory(),
                        r.threads()));
    }

    @Test
    void latestValuesKeepTheFirstThousandSeriesInSeriesOrder() {
        HistoryStore store = new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10));
        long t = clock.wallMillis();
        for (int i = 0; i < StandardReportCapture.MAX_SERIES + 5; i++) {
            store.record(MetricId.of("s", "i", String.format(java.util.Locale.ROOT, "%04d", i)), Unit.NONE, t, i);
        }
        store.advanceTo(t);
        AlertReport r = StandardReportCapture.builder()
                .clock(clock)
                .processes(processes)
                .build()
                .capture(alert(), null, store, t);
        assertThat(r.latestValues()).hasSize(StandardReportCapture.MAX_SERIES);
        assertThat(r.latestValues()).containsKey("s{i=\"0999\"}").doesNotContainKey("s{i=\"1000\"}");
    }

    @Test
    void recentHistoryComesFromTheSeriesRangeWithinTheWindow() {
        FakeHistory fake = new FakeHistory();
        FakeHistory.Series root = fake.add(ROOT, Unit.RATIO);
        root.points = List.of(new SeriesHistory.Point(1_000, 1, 1, 1, 1), new SeriesHistory.Point(2_000, 2, 2, 2, 1));
        StandardReportCapture capture = StandardReportCapture.builder()
                .clock(clock)
                .processes(processes)
                .recentWindow(Duration.ofSeconds(60))
                .build();
        AlertReport r = capture.capture(alert(), ROOT, fake, 61_500);
        assertThat(root.lastRangeFrom).isEqualTo(1_501);
        assertThat(root.lastRangeTo).isEqualTo(61_500);
        assertThat(r.recentHistory()).extracting(SeriesHistory.Point::avg).containsExactly(2.0);
        assertThat(r.text()).contains("(last 1 min, 1 points)");
    }

    @Test
    void theExpensivePartsAreTakenAtMostOncePerMinInterval() {
        HistoryStore store = history();
        StandardReportCapture capture = StandardReportCapture.builder()
                .clock(clock)
                .processes(processes)
                .minInterval(Duration.ofMinutes(1))
                .build();
        capture.capture(alert(), ROOT, store, store.nowMillis());
        capture.capture(alert(), ROOT, store, store.nowMillis());
        assertThat(listings).hasValue(2); // by CPU and by memory, once
        clock.advance(Duration.ofSeconds(61));
        capture.capture(alert(), ROOT, store, store.nowMillis());
        assertThat(listings).hasValue(4);
    }

    @Test
    void aFailingProcessListingLeavesTheRestOfTheReport() {
        HistoryStore store = history();
        AlertReport r = StandardReportCapture.builder()
                .clock(clock)
                .processes((limit, byCpu) -> {
                    throw new IllegalStateException("no /proc");
                })
                .build()
                .capture(alert(), ROOT, store, store.nowMillis());
        assertThat(r.topByCpu()).isEmpty();
        assertThat(r.latestValues()).isNotEmpty();
        assertThat(r.threads().total()).isPositive();
    }

    @Test
    void namesDeadlockedThreads() throws Exception {
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        java.util.concurrent.CountDownLatch bothHold = new java.util.concurrent.CountDownLatch(2);
        Thread t1 = new Thread(() -> lockBoth(a, b, bothHold), "deadlock-test-1");
        Thread t2 = new Thread(() -> lockBoth(b, a, bothHold), "deadlock-test-2");
        t1.setDaemon(true);
        t2.setDaemon(true);
        t1.start();
        t2.start();
        try {
            bothHold.await(5, TimeUnit.SECONDS);
            AlertReport r = null;
            for (int i = 0; i < 500; i++) { // the second lock() call may not have parked yet
                r = StandardReportCapture.builder()
                        .clock(clock)
                        .processes(processes)
                        .minInterval(Duration.ZERO)
                        .build()
                        .capture(alert(), ROOT, history(), 0);
                if (!r.threads().deadlocked().isEmpty()) {
                    break;
                }
                Thread.onSpinWait();
            }
            assertThat(r.threads().deadlocked()).containsExactlyInAnyOrder("deadlock-test-1", "deadlock-test-2");
            assertThat(r.text()).contains("deadlock-test-1");
        } finally {
            t1.interrupt();
            t2.interrupt();
            t1.join(5000);
            t2.join(5000);
        }
    }

    private static void lockBoth(
            ReentrantLock first, ReentrantLock second, java.util.concurrent.CountDownLatch bothHold) {
        first.lock();
        try {
            bothHold.countDown();
            bothHold.await();
            second.lockInterruptibly();
            second.unlock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            first.unlock();
        }
    }

    @Test
    void oshiListsThisMachinesTopProcessesSorted() throws Exception {
        List<AlertReport.ProcessUsage> byMemory = ProcessTable.oshi().top(3, false);
        assertThat(byMemory).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(byMemory)
                .extracting(AlertReport.ProcessUsage::residentBytes)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<AlertReport.ProcessUsage> byCpu = ProcessTable.oshi().top(3, true);
        assertThat(byCpu)
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(3)
                .extracting(AlertReport.ProcessUsage::cpu)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void oshiKeepsOnlyTheExecutableNameOfAProcessNotItsArguments() throws Exception {
        // command lines carry secrets (-Dspring.datasource.password=..., JDBC URLs with credentials)
        long self = ProcessHandle.current().pid();
        List<String> args = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of()).stream()
                .filter(a -> a.length() > 3)
                .toList();
        assertThat(args).isNotEmpty();
        AlertReport.ProcessUsage me = ProcessTable.oshi().top(100_000, false).stream()
                .filter(p -> p.pid() == self)
                .findFirst()
                .orElseThrow();
        assertThat(me.name()).isNotBlank();
        for (String arg : args) {
            assertThat(me.toString()).doesNotContain(arg);
        }
    }

    @Test
    void loggingAnAlertOrEventShowsTheReportsSizeNotItsContent() {
        AlertReport report = new AlertReport("top processes:\n  42 java -Dspring.datasource.password=hunter2\n");
        Alert alert = Alert.builder("disk-full", "abc")
                .labels(Map.of("alertname", "disk-full"))
                .severity(Severity.CRITICAL)
                .value(0.97)
                .activeSince(Instant.EPOCH)
                .firingSince(Instant.EPOCH)
                .report(report)
                .build();
        String logged = new dev.vigil.alerts.AlertEvent.Fired(alert, Instant.EPOCH).toString();
        assertThat(logged)
                .doesNotContain("hunter2")
                .contains("AlertReport[" + report.text().length() + " chars]");
        assertThat(report.toString()).isEqualTo("AlertReport[" + report.text().length() + " chars]");
        AlertReport.ThreadStack stack = new AlertReport.ThreadStack(
                1, "worker password=hunter2", Thread.State.RUNNABLE, 5, List.of("com.acme.Db.connect(\"hunter2\")"));
        assertThat(stack.toString()).doesNotContain("hunter2");
        assertThat(new AlertReport.ThreadSummary(1, Map.of(), List.of(), List.of(stack)).toString())
                .doesNotContain("hunter2");
    }

    @Test
    void theBusiestThreadsAreThoseThatWorkedSinceThePreviousCapture() throws Exception {
        StandardReportCapture capture = StandardReportCapture.builder()
                .clock(clock)
                .processes(processes)
                .minInterval(Duration.ZERO)
                .busiestThreads(1)
                .build();
        HistoryStore store = history();
        capture.capture(alert(), ROOT, store, 0);
        java.util.concurrent.CountDownLatch worked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread spinner = new Thread(
                () -> {
                    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                    long x = 0;
                    while (mx.getCurrentThreadCpuTime() < 300_000_000L) {
                        x += System.nanoTime() % 7;
                    }
                    worked.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (x == 42) {
                        System.out.println();
                    }
                },
                "report-test-spinner");
        spinner.setDaemon(true);
        spinner.start();
        try {
            assertThat(worked.await(30, TimeUnit.SECONDS)).isTrue();
            AlertReport r = capture.capture(alert(), ROOT, store, 0);
            assertThat(r.threads().busiest())
                    .singleElement()
                    .satisfies(t -> assertThat(t.name()).isEqualTo("report-test-spinner"))
                    .satisfies(t -> assertThat(t.cpuNanos()).isGreaterThanOrEqualTo(300_000_000L));
        } finally {
            release.countDown();
            spinner.join(5000);
        }
    }

    @Test
    void aTextOnlyReportKeepsItsText() {
        AlertReport r = new AlertReport("hello");
        assertThat(r.text()).isEqualTo("hello");
        assertThat(r.topByCpu()).isEmpty();
        assertThat(r.threads()).isEqualTo(AlertReport.ThreadSummary.EMPTY);
    }
}
