package dev.vigil.notify.restart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link StateChild} in a JVM of its own, driven over its stdin; killed with SIGKILL or asked to exit. */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    /** Commands answered so far. */
    final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * Each {@code drain} answered: when the answer was read, and how many requests each receiver had
     * answered as delivered in this process by then (all of them recorded in the notification log).
     */
    record Drain(java.time.Instant at, int webhook, int pagerDuty) {}

    /** The drains answered, in order. */
    final List<Drain> drained = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** When the child was started. */
    final java.time.Instant startedAt;
    /** When the child was killed, if it was. */
    volatile java.time.Instant killedAt;
    /** The child's clock at its latest answer. */
    volatile long lastTime;
    /** The words of the latest answer after its time ({@code state} and {@code history} answer with some). */
    volatile List<String> lastWords = List.of();

    private ChildProcess(Process process, java.time.Instant startedAt) {
        this.process = process;
        this.startedAt = startedAt;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (line.startsWith("ok ")) {
                                String[] parts = line.split(" ", -1);
                                if (parts.length >= 3) {
                                    lastTime = Long.parseLong(parts[2]);
                                    lastWords = List.of(parts).subList(3, parts.length);
                                }
                                if (line.startsWith("ok drain") && parts.length >= 5) {
                                    drained.add(new Drain(
                                            java.time.Instant.now(),
                                            Integer.parseInt(parts[3]),
                                            Integer.parseInt(parts[4])));
                                }
                                answered.incrementAndGet();
                                answers.add(line);
                            }
                        }
                    } catch (IOException ignored) {
                        // the child was killed
                    }
                    answers.add("eof");
                },
                "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the child and waits until it has opened its state directory. */
    static ChildProcess start(Path dir, long startMillis, String webhook, String pagerDuty, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                StateChild.class.getName(),
                dir.toString(),
                Long.toString(startMillis),
                webhook,
                pagerDuty));
        try {
            java.time.Instant before = java.time.Instant.now();
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            ChildProcess child = new ChildProcess(p, before);
            child.expect("ok ready");
            child.lastTime = startMillis;
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends commands without waiting for their answers (for kills at random moments). */
    void sendAsync(String... commands) {
        try {
            for (String c : commands) {
                stdin.write(c + "\n");
            }
            stdin.flush();
        } catch (IOException e) {
            // the child is gone: a kill test expects this
        }
    }

    /** Sends one command and waits for its answer. */
    void send(String command) {
        sendAsync(command);
        expect("ok " + command.split(" ", -1)[0]);
    }

    private void expect(String prefix) {
        try {
            String line = answers.poll(120, TimeUnit.SECONDS);
            if (line == null || !line.startsWith(prefix)) {
                throw new AssertionError("child answered '" + line + "', expected '" + prefix + "' (exit "
                        + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** SIGKILL: no shutdown hook, no close, no final snapshot. */
    void kill() {
        killedAt = java.time.Instant.now();
        process.destroyForcibly();
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the child to close everything and waits for it to end. */
    void exit() {
        send("exit");
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
