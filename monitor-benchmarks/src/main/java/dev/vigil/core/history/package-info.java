/**
 * The history's package as the benchmarks see it: {@link dev.vigil.core.history.RawFitPaths}
 * reaches monitor-core's package-private raw tier, so that a benchmark can measure the raw
 * tier's least-squares fit against the path it replaced, in the same run. The benchmarks run on
 * the class path, where the package may be split; monitor-core's own package is described there.
 */
@NullMarked
package dev.vigil.core.history;

import org.jspecify.annotations.NullMarked;
