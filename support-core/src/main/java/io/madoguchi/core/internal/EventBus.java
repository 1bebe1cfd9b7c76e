package io.madoguchi.core.internal;

import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.DeskListener;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners synchronously, in commit order per ticket. Changes are committed under a stripe's
 * commit lock, which also enqueues their events; delivery drains the stripe's queue under its dispatch lock, so
 * events of one ticket are never delivered out of order or concurrently. A listener that throws is logged.
 * Events of changes a listener makes are delivered after the current event. Thread-safe.
 */
public final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final int STRIPES = 64;

    private final List<DeskListener> listeners = new CopyOnWriteArrayList<>();
    private final Stripe[] stripes = new Stripe[STRIPES];
    private final ThreadLocal<int[]> dispatching = ThreadLocal.withInitial(() -> new int[1]);

    /** @param initial listeners registered at build time */
    public EventBus(List<DeskListener> initial) {
        listeners.addAll(initial);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** @param listener a listener to add */
    public void add(DeskListener listener) {
        listeners.add(listener);
    }

    /** @param listener a listener to remove @return whether it was registered */
    public boolean remove(DeskListener listener) {
        return listeners.remove(listener);
    }

    /** @return whether any listener is registered (events need not be built otherwise) */
    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /**
     * @param key what orders events (a ticket id; several keys for a change of several tickets)
     * @return the stripe's lock under which a change is committed and its events enqueued
     */
    public Stripe stripe(Object key) {
        return stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    }

    /** One stripe: a commit lock, a queue and a dispatch lock. */
    public final class Stripe {
        private final ReentrantLock commitLock = new ReentrantLock();
        private final ReentrantLock dispatchLock = new ReentrantLock();
        private final ConcurrentLinkedQueue<DeskEvent> queue = new ConcurrentLinkedQueue<>();

        /** @return the commit lock */
        public ReentrantLock commitLock() {
            return commitLock;
        }

        /**
         * Enqueues events; call while holding the commit lock, right after the commit.
         *
         * @param events the events in order
         */
        public void enqueue(List<? extends DeskEvent> events) {
            if (!listeners.isEmpty()) {
                queue.addAll(events);
            }
        }

        /** Delivers queued events; call after releasing the commit lock. */
        public void deliver() {
            if (queue.isEmpty() || dispatchLock.isHeldByCurrentThread()) {
                return;
            }
            boolean nested = dispatching.get()[0] > 0;
            if (nested) {
                if (!dispatchLock.tryLock()) {
                    return;
                }
            } else {
                dispatchLock.lock();
            }
            do {
                try {
                    dispatching.get()[0]++;
                    DeskEvent e;
                    while ((e = queue.poll()) != null) {
                        for (DeskListener l : listeners) {
                            try {
                                l.onEvent(e);
                            } catch (RuntimeException ex) {
                                LOG.warn("desk listener {} failed on {} (the change stays)", l.getClass().getName(),
                                    e.getClass().getSimpleName(), ex);
                            }
                        }
                    }
                } finally {
                    dispatching.get()[0]--;
                    dispatchLock.unlock();
                }
            } while (!queue.isEmpty() && dispatchLock.tryLock());
        }
    }
}
