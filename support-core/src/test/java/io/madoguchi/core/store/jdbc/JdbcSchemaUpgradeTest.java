package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.time.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A database created at the first schema version, with a desk's data in it, brought to the current version: the
 * data is intact and read by the current stores, and the tables of the later versions work.
 */
class JdbcSchemaUpgradeTest {

    private static final TenantId SHOP = TenantId.of("upgrade-shop");

    @Test
    void fromVersionOneWithDataOnPostgres() {
        try (HikariDataSource ds = TestDatabases.postgres()) {
            upgradeWithData(ds);
        }
    }

    @Test
    void fromVersionOneWithDataOnH2() {
        upgradeWithData(TestDatabases.h2());
    }

    private static void upgradeWithData(DataSource ds) {
        MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T01:02:03.123456Z"));
        assertThat(JdbcSchema.migrate(ds, 1)).isZero();
        assertThat(JdbcSchema.version(ds)).isEqualTo(1);

        // a desk on the first schema version: a customer, a ticket, replies, events
        SupportDesk before = SupportDesk.builder().clock(clock).store(new JdbcDeskStore(ds, clock)).build();
        Principal gateway = before.system(SHOP, "line");
        Customer c = before.resolveCustomer(gateway, ChannelIdentity.line("U-upgrade"), "山田 太郎");
        Ticket t = before.createTicket(gateway, CreateTicket.builder(c.id(), Channel.LINE, "返品について",
            "サイズが合わないので返品したいです 𠮷野家").build());
        before.saveAgent(Principal.admin(SHOP, AgentId.of("admin")),
            io.madoguchi.core.agent.Agent.of(SHOP, AgentId.of("sato"), "佐藤"));
        before.reply(Principal.agent(SHOP, AgentId.of("sato")), t.id(), "返品の手順をご案内します。");
        DeskStore v1 = new JdbcDeskStore(ds, clock);
        long head = v1.eventLog().head();
        assertThat(head).isPositive();

        assertThat(JdbcSchema.migrate(ds)).isEqualTo(1);
        assertThat(JdbcSchema.version(ds)).isEqualTo(JdbcSchema.CURRENT_VERSION);

        // everything written at version 1 reads back through the current stores
        DeskStore now = new JdbcDeskStore(ds, clock);
        Ticket read = now.ticket(t.id()).orElseThrow();
        assertThat(read.subject()).isEqualTo("返品について");
        assertThat(read.createdAt()).isEqualTo(Instant.parse("2026-11-24T01:02:03.123456Z"));
        assertThat(now.messages(t.id())).extracting(Message::body)
            .containsExactly("サイズが合わないので返品したいです 𠮷野家", "返品の手順をご案内します。");
        assertThat(now.customerByIdentity(SHOP, ChannelIdentity.line("U-upgrade"))).map(Customer::id).contains(c.id());
        assertThat(now.eventLog().head()).isEqualTo(head);
        assertThat(now.eventLog().read(0, 1_000)).hasSize((int) head);

        // the desk goes on, and the later versions' tables (components, FAQ) are there
        SupportDesk after = SupportDesk.builder().clock(clock).store(now).build();
        after.reply(Principal.customer(SHOP, c.id()), t.id(), "ありがとうございます");
        assertThat(now.messages(t.id())).hasSize(3);
        JdbcFaqStore faqs = new JdbcFaqStore(ds);
        faqs.write(SHOP, List.of(FaqEntry.builder("returns").locale(Locale.JAPANESE).question("返品したい")
            .answer("30日以内なら返品できます。").build()));
        assertThat(faqs.entries(SHOP)).extracting(FaqEntry::id).containsExactly("returns");
        assertThat(new JdbcSlaStore(ds).count()).isZero();
    }
}
