package dev.vigil.core.internal;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Whether Vigil may call into native code through JNA without making the JVM print a warning.
 *
 * <p>From JDK 24 (JEP 472) loading a native library from a module that was not granted native
 * access prints a four-line "restricted method" warning on the application's console, and a later
 * JDK will refuse it. Vigil needs native code only for what the JDK cannot tell (inode counts, the
 * process table on some systems), so there it stays away from JNA unless the application granted
 * access, for example with {@code --enable-native-access=ALL-UNNAMED} on the class path or
 * {@code --enable-native-access=com.sun.jna} on the module path. Not API.
 */
public final class NativeAccess {

    private static final boolean JNA_QUIET = computeJnaQuiet();
    private static final String GRANTING_OPTION = "--enable-native-access="
            + jnaModule().filter(Module::isNamed).map(Module::getName).orElse("ALL-UNNAMED");

    private NativeAccess() {}

    /** True when loading JNA's native library prints no warning on this JVM. */
    public static boolean jnaQuiet() {
        return JNA_QUIET;
    }

    /**
     * The option that grants JNA native access, for log lines and docs: JNA's module on the module
     * path, {@code ALL-UNNAMED} on the class path.
     */
    public static String grantingOption() {
        return GRANTING_OPTION;
    }

    private static boolean computeJnaQuiet() {
        if (Runtime.version().feature() < 24) {
            return true; // JNI warnings started with JDK 24
        }
        try {
            Method enabled = Module.class.getMethod("isNativeAccessEnabled"); // JDK 22+
            Optional<Module> jna = jnaModule();
            return jna.isPresent() && (Boolean) enabled.invoke(jna.get());
        } catch (Throwable t) {
            return false; // no way to ask: stay away from native code
        }
    }

    private static Optional<Module> jnaModule() {
        try {
            return Optional.of(Class.forName("com.sun.jna.Native", false, NativeAccess.class.getClassLoader())
                    .getModule());
        } catch (Throwable t) { // no JNA
            return Optional.empty();
        }
    }
}
