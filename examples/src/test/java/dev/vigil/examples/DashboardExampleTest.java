package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DashboardExampleTest {

    @Test
    void printsTheUrlOfALoopbackDashboardThatAnswersWhileTheExampleRuns(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {
                    "dashboard",
                    "--no-demo",
                    "--interval",
                    "250ms",
                    "--duration",
                    "20s",
                    "--storage",
                    dir.resolve("vigil-data").toString()
                },
                print,
                print));
        Pattern url = Pattern.compile("Vigil dashboard at (http://127\\.0\\.0\\.1:\\d+/)");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> url.matcher(out.toString(StandardCharsets.UTF_8)).find());
        Matcher m = url.matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        URI meta = URI.create(m.group(1)).resolve("/api/meta");
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(meta).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"intervalMillis\":250", "\"readOnly\":false");
        assertThat(code.get()).isZero();
        // the dashboard example keeps its state like the others: history, alert state, notification log
        assertThat(dir.resolve("vigil-data").resolve("history")).isDirectory();
        assertThat(dir.resolve("vigil-data").resolve("alerts")).isDirectory();
        assertThat(dir.resolve("vigil-data").resolve("notify")).isDirectory();
    }

    @Test
    void aBadPortIsAUsageError() {
        Run run = Run.of("dashboard", "--port", "http");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines().get(0))
                .isEqualTo("vigil-examples dashboard: --port takes a port from 0 to 65535, got 'http'");
    }
}
