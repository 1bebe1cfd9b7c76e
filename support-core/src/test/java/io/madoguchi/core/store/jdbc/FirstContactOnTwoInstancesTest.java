package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.store.Racers;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two host instances (their own store and desk objects on one database) each receive a different LINE message from
 * the same new customer at the same moment. The receive step's lock holds in one JVM only; the claim on opening the
 * customer's first conversation makes the two instances open one ticket between them.
 */
@ExtendWith(TestDatabases.ClosePools.class)
class FirstContactOnTwoInstancesTest {

    private static final TenantId SHOP = TenantId.of("横浜店");
    private static final int CUSTOMERS = 30;

    @Test
    void twoMessagesFromOneNewCustomerOnTwoPostgresInstancesOpenOneTicket() throws Exception {
        var first = TestDatabases.migratedPostgres();
        race(first, TestDatabases.samePostgres(first));
    }

    @Test
    void twoMessagesFromOneNewCustomerOnTwoH2StoresOpenOneTicket() throws Exception {
        DataSource ds = TestDatabases.migratedH2();
        race(ds, ds);
    }

    private static void race(DataSource a, DataSource b) throws Exception {
        Clock clock = Clock.systemUTC();
        List<SupportDesk> desks = List.of(
            SupportDesk.builder().clock(clock).store(JdbcDeskStore.migrating(a, clock)).build(),
            SupportDesk.builder().clock(clock).store(JdbcDeskStore.migrating(b, clock)).build());
        List<Received.Outcome> outcomes = new CopyOnWriteArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            int customer = c;
            int opened = Racers.winners(2, racer -> {
                SupportDesk desk = desks.get(racer);
                Received r = desk.receive(desk.system(SHOP, "line-gateway"), new InboundMessage(Channel.LINE,
                    ChannelIdentity.line("U" + customer), "お客様 " + customer,
                    (racer == 0 ? "注文が届きません" : "追跡番号を教えてください") + "（" + customer + "）", List.of(),
                    "line-event-" + customer + "-" + racer, null, null, "ja"));
                outcomes.add(r.outcome());
                return r.outcome() == Received.Outcome.OPENED;
            });
            assertThat(opened).as("tickets opened for customer %d", customer).isEqualTo(1);
        }
        SupportDesk desk = desks.get(0);
        var staff = desk.system(SHOP, "check");
        List<Ticket> tickets = desk.query(staff, TicketQuery.builder().limit(200).build()).tickets();
        assertThat(tickets).hasSize(CUSTOMERS);
        List<String> texts = new ArrayList<>();
        for (Ticket t : tickets) {
            List<Message> messages = desk.messages(staff, t.id());
            assertThat(messages).hasSize(2).allMatch(m -> m.authorKind() == AuthorKind.CUSTOMER);
            messages.forEach(m -> texts.add(m.body()));
            Customer requester = desk.customer(staff, t.requester());
            assertThat(messages).allMatch(m -> m.body().endsWith("（" + requester.name().substring(4) + "）"));
        }
        assertThat(texts).hasSize(2 * CUSTOMERS).doesNotHaveDuplicates();
        assertThat(outcomes).filteredOn(o -> o == Received.Outcome.JOINED).hasSize(CUSTOMERS);
    }
}
