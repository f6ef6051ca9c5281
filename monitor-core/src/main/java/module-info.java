/**
 * Vigil's core: the monitor, its metric sources, the history and probes.
 *
 * <p>Only the API packages are exported. {@code dev.vigil.core.internal} holds plumbing the Vigil
 * modules share; it is exported to them alone, so an application module cannot read it.
 */
// Micrometer, OSHI and JNA name their modules in their manifests only (stable names, no
// descriptor); the modules the internal package is exported to are built after this one.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"})
module dev.vigil.core {
    requires transitive micrometer.core; // MeterRegistry and MeterBinder are in the API
    requires static transitive org.jspecify; // @NullMarked and @Nullable in the API, for tools only
    requires org.slf4j;
    requires com.github.oshi;
    requires com.sun.jna;
    requires com.sun.jna.platform;
    requires java.management;
    requires jdk.management;

    exports dev.vigil.core;
    exports dev.vigil.core.container;
    exports dev.vigil.core.history;
    exports dev.vigil.core.host;
    exports dev.vigil.core.journal;
    exports dev.vigil.core.jvm;
    exports dev.vigil.core.metric;
    exports dev.vigil.core.micrometer;
    exports dev.vigil.core.probe;
    exports dev.vigil.core.source;
    exports dev.vigil.core.storage;
    exports dev.vigil.core.time;
    exports dev.vigil.core.internal to
            dev.vigil.alerts,
            dev.vigil.notify,
            dev.vigil.dashboard,
            dev.vigil.spring;
}
