package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.event.TicketEvent;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.AuditEntry;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.ChangeStatus;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketCommand;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.ticket.Visibility;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 8 threads make 10,000 changes each on 8 shared tickets, each change based on the version the thread read. Every
 * change is either accepted or refused with a conflict; the store must then hold exactly what the accepted changes
 * imply, with one audit entry and one event per accepted change, events in version order per ticket.
 */
class ConcurrencyStressTest {

    private static final int THREADS = 8;
    private static final int OPS = 10_000;
    private static final int TICKETS = 8;

    private enum Kind { TAG, NOTE, PRIORITY, STATUS }

    private record Accepted(int ticket, long version, Kind kind, String value, Principal actor) {
    }

    @Test
    void acceptedChangesAreExactlyWhatTheStoreHolds() throws Exception {
        DeskFixture f = new DeskFixture();
        Map<TicketId, List<Long>> eventVersions = new ConcurrentHashMap<>();
        f.desk.addListener(e -> {
            if (e instanceof TicketEvent te) {
                eventVersions.computeIfAbsent(te.ticketId(), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(te.ticket().version());
            }
        });
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < TICKETS; i++) {
            tickets.add(f.open("同時更新テスト " + i, "本文 " + i));
        }
        List<Principal> agents = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            AgentId id = AgentId.of("agent-" + t);
            f.desk.saveAgent(f.admin, Agent.of(f.tenant, id, "担当者" + t));
            agents.add(Principal.agent(f.tenant, id));
        }
        List<Accepted> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger deliberateStale = new AtomicInteger();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                Random rnd = new Random(1000 + thread);
                Principal me = agents.get(thread);
                List<Accepted> mine = new ArrayList<>();
                try {
                    start.await();
                    for (int n = 0; n < OPS; n++) {
                        int ti = rnd.nextInt(TICKETS);
                        Ticket seen = f.desk.ticket(me, tickets.get(ti).id());
                        long basedOn = seen.version();
                        if (n % 100 == 99) {
                            basedOn = seen.version() - 1;
                            deliberateStale.incrementAndGet();
                        }
                        Kind kind = Kind.values()[rnd.nextInt(4)];
                        String value;
                        TicketCommand cmd;
                        switch (kind) {
                            case TAG -> {
                                String tag = "タグ" + rnd.nextInt(20);
                                boolean add = !seen.hasTag(tag);
                                value = (add ? "+" : "-") + tag;
                                cmd = add ? new ChangeTags(seen.id(), Set.of(tag), Set.of(), basedOn)
                                    : new ChangeTags(seen.id(), Set.of(), Set.of(tag), basedOn);
                            }
                            case NOTE -> {
                                value = "メモ " + thread + "-" + n;
                                cmd = new AddMessage(seen.id(), Visibility.INTERNAL, value, List.of(), basedOn);
                            }
                            case PRIORITY -> {
                                Priority p = Priority.values()[(seen.priority().ordinal() + 1 + rnd.nextInt(3)) % 4];
                                value = p.name();
                                cmd = new ChangePriority(seen.id(), p, basedOn);
                            }
                            default -> {
                                TicketStatus s = seen.status() == TicketStatus.OPEN ? TicketStatus.PENDING
                                    : TicketStatus.OPEN;
                                value = s.name();
                                cmd = new ChangeStatus(seen.id(), s, basedOn);
                            }
                        }
                        if (rnd.nextBoolean()) {
                            Thread.yield();
                        }
                        try {
                            Ticket after = f.desk.apply(me, cmd);
                            mine.add(new Accepted(ti, after.version(), kind, value, me));
                        } catch (ConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                } finally {
                    accepted.addAll(mine);
                }
            });
            threads.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }

        assertThat(unexpected).isEmpty();
        assertThat(accepted.size() + conflicts.get()).isEqualTo(THREADS * OPS);
        assertThat(conflicts.get()).isGreaterThanOrEqualTo(deliberateStale.get());
        assertThat(accepted).isNotEmpty();

        for (int ti = 0; ti < TICKETS; ti++) {
            int index = ti;
            List<Accepted> ops = accepted.stream().filter(a -> a.ticket() == index)
                .sorted(Comparator.comparingLong(Accepted::version)).toList();
            TicketId id = tickets.get(ti).id();
            // versions 2..n+1 exactly once each: nothing lost, nothing overwritten
            for (int k = 0; k < ops.size(); k++) {
                assertThat(ops.get(k).version()).isEqualTo(k + 2L);
            }
            TreeSet<String> tags = new TreeSet<>();
            List<String> notes = new ArrayList<>();
            Priority priority = Priority.NORMAL;
            TicketStatus status = TicketStatus.NEW;
            for (Accepted a : ops) {
                switch (a.kind()) {
                    case TAG -> {
                        if (a.value().startsWith("+")) {
                            assertThat(tags.add(a.value().substring(1))).isTrue();
                        } else {
                            assertThat(tags.remove(a.value().substring(1))).isTrue();
                        }
                    }
                    case NOTE -> notes.add(a.value());
                    case PRIORITY -> priority = Priority.valueOf(a.value());
                    case STATUS -> status = TicketStatus.valueOf(a.value());
                }
            }
            Ticket stored = f.desk.ticket(f.sato, id);
            assertThat(stored.version()).isEqualTo(ops.size() + 1L);
            assertThat(stored.tags()).containsExactlyElementsOf(tags);
            assertThat(stored.priority()).isEqualTo(priority);
            assertThat(stored.status()).isEqualTo(status);
            List<Message> messages = f.desk.messages(f.sato, id);
            assertThat(messages.subList(1, messages.size())).extracting(Message::body).containsExactlyElementsOf(notes);
            assertThat(messages).extracting(Message::seq).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, messages.size()).boxed().toList());
            List<AuditEntry> history = f.desk.history(f.sato, id);
            assertThat(history).hasSize(ops.size() + 1);
            for (int k = 0; k < ops.size(); k++) {
                AuditEntry e = history.get(k + 1);
                Accepted a = ops.get(k);
                assertThat(e.version()).isEqualTo(a.version());
                assertThat(e.actor()).isEqualTo(a.actor());
                assertThat(e.action()).isEqualTo(switch (a.kind()) {
                    case TAG -> "tags";
                    case NOTE -> "internal_note";
                    case PRIORITY -> "priority";
                    case STATUS -> "status";
                });
            }
            List<Long> delivered = eventVersions.get(id);
            List<Long> expected = new ArrayList<>();
            expected.add(1L);
            expected.add(1L);
            for (Accepted a : ops) {
                expected.add(a.version());
            }
            assertThat(delivered).containsExactlyElementsOf(expected);
        }
    }
}
