package dev.vigil.examples.javadoc;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.rulefile.RuleFileError;
import dev.vigil.alerts.rulefile.RuleFileLoader;
import dev.vigil.core.Monitor;
import dev.vigil.core.TickListener;
import dev.vigil.core.history.History;
import dev.vigil.core.probe.Probe;
import dev.vigil.core.probe.ProbeSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.storage.Storage;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * What a Javadoc example may use without declaring it: the objects an application has at hand
 * where the example would sit (a monitor, an engine, a logger, the secrets of its notifiers...).
 * {@code JavadocExamplesCompileTest} compiles every example as the body of a method of a subclass,
 * so an example that names anything else must declare it. Nothing here runs.
 */
@SuppressWarnings("unused")
public abstract class ExampleContext {

    // the library's objects
    protected Monitor monitor;
    protected AlertEngine engine;
    protected Notifications delivery;
    protected Notifications notifications;
    protected Storage storage;
    protected History history;
    protected Alert alert;
    protected AlertEvent event;
    protected String fingerprint;
    protected SampleSink sink;
    protected TickListener myListener;
    protected AlertEngine.Builder builder;
    protected ProbeSource probes;
    protected Probe api;
    protected Probe db;
    protected RuleFileLoader loader;
    protected List<Path> files;
    protected RuleFileError error;

    // notifiers and their secrets
    protected Notifier slack;
    protected Notifier pagerDuty;
    protected Notifier alertmanager;
    protected Secret routingKey;
    protected Secret webhookUrl;
    protected Secret url;
    protected Secret opsUrl;
    protected Secret key;
    protected Secret token;
    protected URI uri;

    // the application's own
    protected Logger log;
    protected Logger fallbackLog;
    protected MeterRegistry registry;
    protected MeterRegistry prometheusRegistry;
    protected Collection<String> queue;
    protected AtomicLong jobsDone;
    protected AtomicLong lastTick;
    protected long readBytesTotal;
    protected long nowMillis;
    protected Instant now;
    protected int status;
    protected FileStore store;
    protected KeyStore companyCaStore;
    protected Path dir;
    protected SmsGateway gateway;

    /** An application's way to send a text message. */
    protected interface SmsGateway {
        boolean send(String text);
    }

    /** Pages someone, as an application would. */
    protected void page(Alert alert) {}

    /** Pages someone about the alert at hand. */
    protected void page() {}

    /** Clears a page. */
    protected void clear(Alert alert) {}

    /** Answers a chat command. */
    protected void reply(String text) {}
}
