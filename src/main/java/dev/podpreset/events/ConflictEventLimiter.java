package dev.podpreset.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one event per preset per interval, so a crash-looping Deployment whose pods all conflict
 * cannot flood the API server; conflicts in between are counted and reported with the next event.
 */
public final class ConflictEventLimiter {
    /** Whether to send now, and how many conflicts of this preset were held back since the last event. */
    public record Decision(boolean send, int suppressed) {
    }

    private record Window(long startMillis, int suppressed) {
    }

    private final Duration interval;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public ConflictEventLimiter(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    public Decision decide(String presetKey) {
        long now = clock.millis();
        Decision[] decision = new Decision[1];
        windows.compute(presetKey, (key, w) -> {
            if (w == null || now - w.startMillis() >= interval.toMillis()) {
                decision[0] = new Decision(true, w == null ? 0 : w.suppressed());
                return new Window(now, 0);
            }
            decision[0] = new Decision(false, w.suppressed() + 1);
            return new Window(w.startMillis(), w.suppressed() + 1);
        });
        return decision[0];
    }
}
