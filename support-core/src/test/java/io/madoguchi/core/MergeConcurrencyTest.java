package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Replies race with merges: every accepted reply must end up exactly once on the surviving ticket, whether it
 * landed on the merged ticket before the merge (and was copied) or was redirected after it.
 */
class MergeConcurrencyTest {

    @Test
    void noReplyIsLostOrDuplicatedWhileTicketsAreMerged() throws Exception {
        DeskFixture f = new DeskFixture();
        int pairs = 20;
        List<Ticket> survivors = new ArrayList<>();
        List<Ticket> merged = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            survivors.add(f.open("統合先 " + i, "元の問い合わせ " + i));
            merged.add(f.open("重複 " + i, "重複した問い合わせ " + i));
        }
        List<String> accepted = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            int writer = r;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int round = 0; round < 30; round++) {
                        for (int i = 0; i < pairs; i++) {
                            String body = "返信 " + writer + "-" + round + "-" + i;
                            Message m = f.desk.reply(f.sato, merged.get(i).id(), body);
                            assertThat(m.ticketId()).isIn(merged.get(i).id(), survivors.get(i).id());
                            accepted.add(body);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.add(new Thread(() -> {
            try {
                start.await();
                for (int i = 0; i < pairs; i++) {
                    Thread.yield();
                    f.desk.merge(f.sato, merged.get(i).id(), survivors.get(i).id());
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }));
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(accepted).hasSize(3 * 30 * pairs);
        for (int i = 0; i < pairs; i++) {
            int index = i;
            List<String> bodies = f.desk.messages(f.sato, survivors.get(i).id()).stream().map(Message::body).toList();
            List<String> expected = new ArrayList<>(accepted.stream().filter(b -> b.endsWith("-" + index)).toList());
            expected.add("元の問い合わせ " + i);
            expected.add("重複した問い合わせ " + i);
            assertThat(bodies).containsExactlyInAnyOrderElementsOf(expected);
            Ticket m = f.desk.ticket(f.sato, merged.get(i).id());
            assertThat(m.status()).isEqualTo(TicketStatus.CLOSED);
            assertThat(m.mergedIntoId()).contains(survivors.get(i).id());
            assertThat(f.desk.messages(f.sato, survivors.get(i).id())).extracting(Message::seq)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, bodies.size()).boxed().toList());
        }
    }
}
