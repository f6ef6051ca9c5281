package dev.vigil.alerts;

/**
 * The last 21 recorded states of one alert and their weighted percent state change, exactly as
 * Nagios' {@code base/flapping.c} computes it: a change at position x (1 = oldest pair, 20 =
 * newest) weighs {@code 0.75 + (x - 1) * 0.5 / 19}; percent = sum of weights * 100 / 20.
 */
final class FlapHistory {

    static final int SIZE = 21;

    /** Starts as 21 OK states: Nagios' history is zero-initialised and STATE_OK is 0. */
    private final byte[] states = new byte[SIZE];
    /** Index of the oldest state, where the next one is written. */
    private int next;

    /** Records one state (OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3). */
    void record(byte state) {
        states[next] = state;
        next = (next + 1) % SIZE;
    }

    /** The states, oldest first, as digits: the stored form. */
    String states() {
        StringBuilder sb = new StringBuilder(SIZE);
        for (int i = 0; i < SIZE; i++) {
            sb.append((char) ('0' + states[(next + i) % SIZE]));
        }
        return sb.toString();
    }

    /** Restores {@link #states()}. */
    void restore(String stored) {
        if (stored.length() != SIZE) {
            throw new IllegalArgumentException("flap history must have " + SIZE + " states, got '" + stored + "'");
        }
        for (int i = 0; i < SIZE; i++) {
            states[i] = (byte) (stored.charAt(i) - '0');
        }
        next = 0;
    }

    /** The weighted percent state change over the history. */
    double percent() {
        double changes = 0;
        for (int x = 1; x < SIZE; x++) {
            if (states[(next + x - 1) % SIZE] != states[(next + x) % SIZE]) {
                changes += 0.75 + (x - 1) * 0.5 / 19.0;
            }
        }
        return changes * 100.0 / 20.0;
    }
}
