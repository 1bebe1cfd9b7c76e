package io.madoguchi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.time.MutableClock;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A report for one tenant's own staff holds that tenant's numbers only. */
class KpiTenantReportTest {

    private static final LocalDate APRIL_1 = LocalDate.of(2026, 4, 1);
    private static final LocalDate APRIL_30 = LocalDate.of(2026, 4, 30);

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-04-01T01:00:00Z"));
    private final KpiEngine kpis = KpiEngine.builder().zone(Script.TOKYO).build();
    private final SupportDesk desk = SupportDesk.builder().clock(clock).store(DeskStore.inMemory(clock))
        .subscriber(kpis).build();
    private final TenantId shopA = TenantId.of("shop-a");
    private final TenantId shopB = TenantId.of("shop-b");

    private void open(TenantId tenant, int tickets, String email) {
        Customer c = desk.createCustomer(desk.system(tenant, "channels"), new NewCustomer("顧客 " + tenant.value(),
            List.of(ChannelIdentity.email(email)), null, "ja"));
        for (int i = 0; i < tickets; i++) {
            desk.createTicket(Principal.customer(tenant, c.id()),
                CreateTicket.builder(c.id(), Channel.EMAIL, "問い合わせ" + i, "商品が届きません").build());
        }
    }

    /** Shop A: 2 tickets on April 1 and 1 on April 2; shop B: 5 tickets on April 3 (Tokyo days). */
    private void twoShops() {
        open(shopA, 2, "a1@example.jp");
        clock.advance(Duration.ofDays(1));
        open(shopA, 1, "a2@example.jp");
        clock.advance(Duration.ofDays(1));
        open(shopB, 5, "b1@example.jp");
        desk.processEvents();
    }

    @Test
    void aTenantsCsvHasItsOwnDaysAndCountsOnly() throws Exception {
        twoShops();

        StringWriter a = new StringWriter();
        KpiCsv.writeDaily(kpis, shopA, APRIL_1, APRIL_30, a);
        StringWriter all = new StringWriter();
        KpiCsv.writeDaily(kpis, APRIL_1, APRIL_30, all);

        List<String> rows = a.toString().lines().skip(1).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("2026-04-01,2,");
        assertThat(rows.get(1)).startsWith("2026-04-02,1,");
        assertThat(all.toString().lines().skip(1).toList()).hasSize(3).last().asString()
            .startsWith("2026-04-03,5,");
        assertThat(kpis.periods(shopB, Granularity.DAY)).containsExactly(LocalDate.of(2026, 4, 3));
        assertThat(kpis.periods(null, Granularity.DAY)).isEqualTo(kpis.periods(Granularity.DAY)).hasSize(3);
    }

    @Test
    void aTenantsDashboardShowsItsOwnTicketsAndNamesIt() throws Exception {
        twoShops();

        StringWriter a = new StringWriter();
        KpiDashboard.write(kpis, shopA, APRIL_1, APRIL_30, null, a);
        StringWriter all = new StringWriter();
        KpiDashboard.write(kpis, APRIL_1, APRIL_30, all);

        assertThat(a.toString()).contains("作成チケット / Tickets created</span><b>3</b>", "tenant: shop-a",
            "2026-04-01 – 2026-04-02（2日 / days）").doesNotContain("shop-b", "2026-04-03");
        assertThat(all.toString()).contains("作成チケット / Tickets created</span><b>8</b>")
            .doesNotContain("tenant: ");
    }
}
