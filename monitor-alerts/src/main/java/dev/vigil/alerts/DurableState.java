package dev.vigil.alerts;

import dev.vigil.core.history.History;
import dev.vigil.core.storage.Storage;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where an engine keeps its state, if anywhere: the state directory its builder was given, or the
 * storage a monitor offers it before its first evaluation. The stored alerts are put back once, at
 * the first evaluation, and each pass's changes are journaled before their events go out
 * (docs/alert-state.md). Called under the engine's evaluation lock, except {@link #storage()}.
 */
final class DurableState implements AutoCloseable {

    private final Function<Path, AlertStateStore> open;
    private volatile @Nullable AlertStateStore store;
    /** The storage the state is kept in, handed on to the listeners, or {@code null}. */
    private volatile @Nullable Storage storage;

    private boolean restored;

    DurableState(Function<Path, AlertStateStore> open, @Nullable Path directory, @Nullable Storage storage) {
        this.open = open;
        this.storage = storage;
        if (directory != null) {
            store = open.apply(directory);
        }
    }

    @Nullable
    Storage storage() {
        return storage;
    }

    /** Keeps the state in {@code given} when the engine was given no place of its own; whether it did. */
    boolean adopt(Storage given) {
        if (storage != null || store != null) {
            return false;
        }
        store = open.apply(given.directory(AlertStateStore.COMPONENT));
        storage = given;
        return true;
    }

    /**
     * Replaces the rules in {@code book}; stored alerts the new rules no longer have are forgotten,
     * except those the removal resolved, kept as resolved (see {@link AlertStateStore#dropped}).
     */
    void replaceRules(SeriesBook book, RuleSet next, long now, Outbox out) {
        AlertStateStore.replaceRules(store, book, next, now, out);
    }

    /** At the first evaluation: puts the stored alerts back and tells the listeners which. */
    void restoreOnce(
            EventDispatcher dispatcher,
            SeriesBook book,
            RuleSet rules,
            Muting muting,
            History history,
            long now,
            Outbox out) {
        AlertStateStore s = store;
        if (s != null && !restored) {
            restored = true;
            dispatcher.publish(
                    AlertStateStore.announce(s.restoreAlerts(book, rules, now), book, muting, history, now, out));
        }
    }

    /** An alert forgotten with its quiet series, journaled as {@link AlertStateStore#dropped} says. */
    void forgotten(AlertInstance a, long now) {
        AlertStateStore s = store;
        if (s != null && restored) {
            s.dropped(a, now);
        }
    }

    /** Journals the alerts' state as of {@code at}, once they were restored. */
    void record(SeriesBook book, long at) {
        AlertStateStore s = store;
        if (s != null && restored) {
            s.record(book.instances(), book.instanceCount(), at);
        }
    }

    @Override
    public void close() {
        AlertStateStore s = store;
        if (s != null) {
            s.close();
        }
    }
}
