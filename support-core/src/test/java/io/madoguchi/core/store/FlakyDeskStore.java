package io.madoguchi.core.store;

import static java.util.Objects.requireNonNull;

import io.madoguchi.core.event.SupportEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Test fixture: a desk store that fails chosen commits once with a transient {@link StoreException}, as a lost
 * database connection would (nothing is written). Everything else goes to the real store unchanged.
 */
public final class FlakyDeskStore {

    private final DeskStore real;
    private final DeskStore store;
    private final List<Predicate<ChangeSet>> pending = new CopyOnWriteArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();

    /**
     * @param real the store that keeps everything
     */
    public FlakyDeskStore(DeskStore real) {
        this.real = requireNonNull(real, "real");
        this.store = (DeskStore) Proxy.newProxyInstance(DeskStore.class.getClassLoader(),
            new Class<?>[] {DeskStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("commit") && args != null && args.length == 1) {
                    ChangeSet changes = args[0] instanceof ChangeSet c ? c
                        : ChangeSet.ofTickets(castWrites(args[0]));
                    failIfChosen(changes);
                    this.real.commit(changes);
                    return null;
                }
                try {
                    return method.invoke(this.real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    @SuppressWarnings("unchecked")
    private static List<TicketWrite> castWrites(Object writes) {
        return (List<TicketWrite>) writes;
    }

    private void failIfChosen(ChangeSet changes) {
        for (Predicate<ChangeSet> p : pending) {
            if (p.test(changes) && pending.remove(p)) {
                failed.incrementAndGet();
                throw new StoreException("connection lost (test)", true);
            }
        }
    }

    /** @return the store to build the desk on */
    public DeskStore store() {
        return store;
    }

    /**
     * Fails the next commit that {@code which} matches, once.
     *
     * @param which chooses the commit
     */
    public void failOnce(Predicate<ChangeSet> which) {
        pending.add(requireNonNull(which, "which"));
    }

    /**
     * Fails the next commit that holds an event {@code which} matches, once.
     *
     * @param which chooses the event
     */
    public void failOnceOnEvent(Predicate<SupportEvent> which) {
        requireNonNull(which, "which");
        failOnce(c -> c.events().stream().anyMatch(which));
    }

    /** @return how many commits were failed so far */
    public int failed() {
        return failed.get();
    }
}
