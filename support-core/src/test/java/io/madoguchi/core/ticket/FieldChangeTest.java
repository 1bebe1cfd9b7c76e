package io.madoguchi.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.event.CustomFieldsChanged;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldChangeTest {

    @Test
    void aCustomFieldChangePrintsNoValues() {
        FieldChange change = new FieldChange("customFields.address", "東京都中野区1-2-3", "大阪府大阪市北区4-5-6");

        assertThat(change.toString())
            .contains("customFields.address")
            .doesNotContain("東京都中野区1-2-3")
            .doesNotContain("大阪府大阪市北区4-5-6");
    }

    @Test
    void aBuiltInFieldChangeStillShowsItsValues() {
        assertThat(new FieldChange("status", "OPEN", "SOLVED").toString()).contains("status", "OPEN", "SOLVED");
    }

    @Test
    void printingACustomFieldsChangedEventShowsNoCustomFieldValue() {
        Instant at = Instant.parse("2026-05-01T00:00:00Z");
        Ticket ticket = new Ticket(TicketId.of("T7"), TenantId.of("shop"), 7, "返品", CustomerId.of("C2"), null,
            Channel.EMAIL, TicketStatus.OPEN, Priority.NORMAL, TicketType.QUESTION, false, List.of(),
            Map.of("phone", "090-1234-5678"), null, null, "ja", at, at, null, 2, null, List.of(), 1, 1);
        CustomFieldsChanged event = new CustomFieldsChanged(ticket, Principal.system(TenantId.of("shop"), "テスト"),
            at, List.of(new FieldChange("customFields.phone", "", "090-1234-5678")));

        assertThat(event.toString()).doesNotContain("090-1234-5678");
    }
}
