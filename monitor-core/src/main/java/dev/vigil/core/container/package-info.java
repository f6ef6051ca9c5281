/**
 * Container metrics from inside: the cgroup (v2 or v1) the JVM runs in, its usage and its limits,
 * as cAdvisor reports them from outside.
 */
@NullMarked
package dev.vigil.core.container;

import org.jspecify.annotations.NullMarked;
