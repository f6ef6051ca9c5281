package dev.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.Alert;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

class DashboardBrowserTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    static World world;
    static Dashboard dashboard;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        browser = Browser.start();
        world = new World().day();
        dashboard = Dashboard.builder()
                .monitor(world.monitor)
                .alerts(world.engine)
                .notifications(world.notifications)
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (dashboard != null) {
            dashboard.close();
        }
        if (world != null) {
            world.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void forgetEarlierLogs() {
        browser.problems();
    }

    /** Opens a page and waits until its first live update has rendered it. */
    void open(String path) {
        browser.driver.get(dashboard.url().resolve(path).toString());
        await().atMost(PATIENCE).until(() -> browser.js("return document.body.dataset.updated || null") != null);
    }

    String queueSeries() {
        return world.monitor.history().byName("app.queue.depth").get(0).id().toString();
    }

    @Test
    void everyPageLoadsWithNoConsoleErrorAndNoCspViolation() throws IOException {
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("overview", "/");
        pages.put("graphs", "/graphs?category=host&span=day");
        pages.put("graphs-week", "/graphs?category=jvm&span=week");
        pages.put("container", "/container");
        pages.put("availability", "/availability");
        pages.put("alerts", "/alerts");
        pages.put(
                "series",
                "/series?span=day&id="
                        + java.net.URLEncoder.encode(queueSeries(), java.nio.charset.StandardCharsets.UTF_8));
        for (Map.Entry<String, String> page : pages.entrySet()) {
            open(page.getValue());
            assertThat(browser.js("return document.getElementById('status').textContent"))
                    .as(page.getKey())
                    .asString()
                    .startsWith("updated");
            browser.screenshot(page.getKey());
            assertThat(browser.problems()).as("console of " + page.getKey()).isEmpty();
        }
    }

    @Test
    void chartsDrawTheirSeriesOnTheCanvas() {
        open("/graphs?category=host&span=day");

        List<WebElement> canvases = browser.driver.findElements(By.cssSelector(".chart canvas"));
        assertThat(canvases).hasSizeGreaterThanOrEqualTo(4);
        for (WebElement canvas : canvases) {
            // Pixels in the first series' colour (#2563eb): the line itself, not just the axes.
            long drawn = (Long) browser.js(
                    "const c = arguments[0]; const d = c.getContext('2d')"
                            + ".getImageData(0, 0, c.width, c.height).data; let n = 0;"
                            + "for (let i = 0; i < d.length; i += 4) { if (Math.abs(d[i] - 37) < 40 && Math.abs(d[i + 1] - 99) < 40"
                            + " && Math.abs(d[i + 2] - 235) < 40 && d[i + 3] > 100) n++; } return n;",
                    canvas);
            assertThat(drawn).isGreaterThan(50);
        }
    }

    @Test
    void acknowledgingFromTheAlertsPageReachesTheEngine() {
        Alert cpu = active("cpu-busy");
        open("/alerts");

        onFreshElements(() -> {
            WebElement row =
                    browser.driver.findElement(By.cssSelector("tr[data-fingerprint='" + cpu.fingerprint() + "']"));
            row.findElement(By.cssSelector(".ack-form input[name=by]")).sendKeys("alice");
            row.findElement(By.cssSelector(".ack-form input[name=note]")).sendKeys("looking into it");
            row.findElement(By.cssSelector(".ack-form button")).click();
        });

        await().atMost(PATIENCE)
                .until(() -> world.engine.alert(cpu.fingerprint()).acknowledged());
        Alert.Acknowledgement ack = world.engine.alert(cpu.fingerprint()).acknowledgement();
        assertThat(ack.by()).isEqualTo("alice");
        assertThat(ack.note()).isEqualTo("looking into it");
        onTheLivePage()
                .until(() -> browser.driver
                        .findElement(By.cssSelector("tr[data-fingerprint='" + cpu.fingerprint() + "'] .ack"))
                        .getText()
                        .contains("acknowledged by alice"));
        assertThat(browser.problems()).isEmpty();
    }

    @Test
    void silencingAndExpiringFromTheAlertsPageReachTheEngine() {
        Alert queue = active("queue-backlog");
        assertThat(queue.silenced()).isFalse();
        open("/alerts");

        onFreshElements(() -> browser.driver
                .findElement(By.cssSelector("tr[data-fingerprint='" + queue.fingerprint() + "'] .silence-this"))
                .click());
        WebElement form = browser.driver.findElement(By.cssSelector("form.silence-form"));
        assertThat(form.findElement(By.name("matchers")).getAttribute("value"))
                .contains("alertname=\"queue-backlog\"")
                .contains("queue=\"<script>window.__pwned=1</script>\"");
        WebElement duration = form.findElement(By.name("duration"));
        duration.clear();
        duration.sendKeys("90m");
        form.findElement(By.name("by")).sendKeys("bob");
        form.findElement(By.name("comment")).sendKeys("draining the queue");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        await().atMost(PATIENCE).until(() -> world.engine.silences().size() == 1);
        String id = world.engine.silences().keySet().iterator().next();
        assertThat(world.engine.silences().get(id).createdBy()).isEqualTo("bob");
        assertThat(Duration.between(
                        world.engine.silences().get(id).startsAt(),
                        world.engine.silences().get(id).endsAt()))
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(world.engine.alert(queue.fingerprint()).silenced()).isTrue();
        assertThat(world.engine.alert(active("cpu-busy").fingerprint()).silenced())
                .isFalse();

        onTheLivePage()
                .until(() -> !browser.driver
                        .findElements(By.cssSelector("tr[data-silence='" + id + "'] button.expire"))
                        .isEmpty());
        onFreshElements(() -> browser.driver
                .findElement(By.cssSelector("tr[data-silence='" + id + "'] button.expire"))
                .click());

        await().atMost(PATIENCE).until(() -> world.engine.silences().isEmpty());
        assertThat(world.engine.alert(queue.fingerprint()).silenced()).isFalse();
        assertThat(browser.problems()).isEmpty();
    }

    @Test
    void aPageFollowsTheEngineAtTheTickIntervalWithoutAReload() {
        Alert queue = active("queue-backlog");
        open("/");
        browser.js("window.__sameDocument = true");

        world.engine.acknowledge(queue.fingerprint(), "carol", "seen from the engine");

        onTheLivePage()
                .until(() -> browser.driver
                        .findElement(By.cssSelector("tr[data-fingerprint='" + queue.fingerprint() + "'] .name"))
                        .getText()
                        .contains("acknowledged by carol"));
        assertThat(browser.js("return window.__sameDocument === true")).isEqualTo(true);
        assertThat(browser.problems()).isEmpty();
    }

    @Test
    void aHiddenPageAsksForNothingAndCatchesUpWhenShownAgain() {
        open("/");
        String page = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.driver.get("about:blank");
        try {
            long before = dashboard.apiRequests();
            // Three tick intervals without a request from the hidden page.
            await().pollDelay(World.INTERVAL.multipliedBy(3))
                    .atMost(PATIENCE)
                    .until(() -> dashboard.apiRequests() == before);
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(page);
        }
        long hidden = dashboard.apiRequests();
        await().atMost(PATIENCE).until(() -> dashboard.apiRequests() > hidden);
    }

    @Test
    void hostileLabelsAnnotationsAndSeriesNamesRenderAsText() {
        for (String path : List.of("/alerts", "/graphs?category=application", "/", "/graphs?category=host")) {
            open(path);
            assertThat(browser.js("return window.__pwned === undefined"))
                    .as(path)
                    .isEqualTo(true);
            assertThat(browser.driver.findElements(By.tagName("img"))).as(path).isEmpty();
            assertThat(browser.driver.findElements(By.tagName("script")))
                    .as(path)
                    .hasSize(2);
            assertThat(browser.driver.findElements(By.cssSelector("a[href^='javascript']")))
                    .as(path)
                    .isEmpty();
        }
        open("/alerts");
        String text = browser.driver.findElement(By.tagName("main")).getText();
        assertThat(text).contains("team=" + World.SCRIPT, World.IMG, World.JS_LINK);
        open("/graphs?category=application");
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains(World.SCRIPT);
    }

    /**
     * Runs a few interactions again if the live update replaced their elements in between (it
     * rebuilds a table at each tick unless someone is typing in it).
     */
    private static void onFreshElements(Runnable interactions) {
        onTheLivePage().until(() -> {
            interactions.run();
            return true;
        });
    }

    /** A wait that reads the page again when the live update has replaced what it was reading. */
    private static org.awaitility.core.ConditionFactory onTheLivePage() {
        return await().atMost(PATIENCE)
                .ignoreExceptionsInstanceOf(org.openqa.selenium.StaleElementReferenceException.class);
    }

    private static Alert active(String name) {
        return world.engine.activeAlerts().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
