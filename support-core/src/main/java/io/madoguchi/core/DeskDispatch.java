package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.event.DeskEvent;
import io.madoguchi.core.event.DeskListener;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.store.CheckpointStore;
import io.madoguchi.core.store.ParkedEvent;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The desk's event dispatch: who reads the committed log (subscribers with checkpoints, in-process listeners) and
 * when they are driven (after every commit with synchronous delivery, else when the host asks). Package-private; the
 * public API is {@link SupportDesk}'s. Thread-safe.
 */
final class DeskDispatch {

    private final SubscriberRunner runner;
    private final CheckpointStore checkpoints;
    private final boolean synchronous;
    /**
     * How deep this thread is in {@link #deliverAfter} calls of this desk: while above 0, its commits do not drain.
     * Per desk, not static: holding one desk's delivery must not hold another's on the same thread.
     */
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<int @Nullable []> held = new ThreadLocal<>();

    DeskDispatch(SubscriberRunner runner, CheckpointStore checkpoints, boolean synchronous) {
        this.runner = runner;
        this.checkpoints = checkpoints;
        this.synchronous = synchronous;
    }

    void addListener(DeskListener listener) {
        runner.addListener(new ListenerSubscriber(requireNonNull(listener, "listener")));
    }

    boolean removeListener(DeskListener listener) {
        return runner.removeListener(new ListenerSubscriber(listener));
    }

    void follow(EventSubscriber reader, long afterPosition) {
        runner.follow(reader, afterPosition);
        committed();
    }

    boolean unfollow(EventSubscriber reader) {
        return runner.removeListener(requireNonNull(reader, "reader"));
    }

    void subscribe(EventSubscriber subscriber) {
        runner.subscribe(subscriber);
        committed();
    }

    boolean unsubscribe(String name) {
        return runner.unsubscribe(requireNonNull(name, "name"));
    }

    /** Delivers every committed event not yet handled and not waiting for a retry, on this thread. */
    void processEvents() {
        runner.drain();
    }

    List<ParkedEvent> parked(String subscriber) {
        return checkpoints.parked(requireNonNull(subscriber, "subscriber"));
    }

    boolean redeliver(String subscriber, long position) {
        return runner.redeliver(requireNonNull(subscriber, "subscriber"), position);
    }

    /** Called after each commit (and subscription): with synchronous delivery, drains on the calling thread. */
    void committed() {
        if (synchronous && held.get() == null) {
            runner.drain();
        }
    }

    /** Runs {@code work} with this thread's draining held back until the outermost such call ends. */
    <T> T deliverAfter(Supplier<T> work) {
        int[] depth = held.get();
        if (depth == null) {
            depth = new int[1];
            held.set(depth);
        }
        depth[0]++;
        try {
            return work.get();
        } finally {
            if (--depth[0] == 0) {
                held.remove();
                if (synchronous) {
                    runner.drain();
                }
            }
        }
    }

    /** Adapts a listener to the log; equal when the listeners are, so it can be removed. */
    private record ListenerSubscriber(DeskListener listener) implements EventSubscriber {
        @Override
        public String name() {
            return "listener";
        }

        @Override
        public void handle(EventEnvelope event) {
            if (event.event() instanceof DeskEvent e) {
                listener.onEvent(e);
            }
        }
    }
}
