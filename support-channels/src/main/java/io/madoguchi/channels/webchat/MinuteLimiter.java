package io.madoguchi.channels.webchat;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts actions per key in fixed one-minute windows on the injected clock. Remembers at most {@code maxKeys} keys
 * (least recently used forgotten first) and forgets a key whose window is over, so what visitors can make it hold
 * is bounded by size and by age. Thread-safe.
 */
final class MinuteLimiter {

    private static final long MINUTE_MS = 60_000;

    private record Window(long start, int count) {
    }

    private final int perMinute;
    private final int maxKeys;
    private final Clock clock;
    private final LinkedHashMap<String, Window> windows;

    MinuteLimiter(int perMinute, int maxKeys, Clock clock) {
        this.perMinute = perMinute;
        this.maxKeys = maxKeys;
        this.clock = clock;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > MinuteLimiter.this.maxKeys;
            }
        };
    }

    /**
     * Counts one action of the key if its window has room.
     *
     * @param key whose action
     * @return 0 if it was counted, else the seconds until the key's window ends
     */
    synchronized long acquire(String key) {
        long now = clock.millis();
        long windowStart = now - Math.floorMod(now, MINUTE_MS);
        forgetEnded(windowStart);
        Window w = windows.get(key);
        if (w == null || w.start() != windowStart) {
            windows.put(key, new Window(windowStart, 1));
            return 0;
        }
        if (w.count() >= perMinute) {
            return Math.max(1, (windowStart + MINUTE_MS - now + 999) / 1000);
        }
        windows.put(key, new Window(windowStart, w.count() + 1));
        return 0;
    }

    /** Drops the least recently used keys whose window is over (at most a few per call, so a call stays cheap). */
    private void forgetEnded(long windowStart) {
        Iterator<Window> it = windows.values().iterator();
        for (int i = 0; i < 8 && it.hasNext(); i++) {
            if (it.next().start() < windowStart) {
                it.remove();
            } else {
                break;
            }
        }
    }

    /** @return how many keys are remembered */
    synchronized int size() {
        return windows.size();
    }
}
