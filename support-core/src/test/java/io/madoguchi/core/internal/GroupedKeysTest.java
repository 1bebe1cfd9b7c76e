package io.madoguchi.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.TenantId;
import org.junit.jupiter.api.Test;

class GroupedKeysTest {

    private static final TenantId CITY = TenantId.of("尼崎市");
    private static final TenantId SHOP = TenantId.of("通販ショップ");

    @Test
    void eachGroupKeepsItsKeysInTheOrderAddedAndIsBoundedOnItsOwn() {
        GroupedKeys<TenantId, String> keys = new GroupedKeys<>();
        keys.add(CITY, "住民票-1");
        keys.add(SHOP, "返品-1");
        keys.add(CITY, "住民票-2");
        keys.add(CITY, "住民票-3");

        assertThat(keys.of(CITY)).containsExactly("住民票-1", "住民票-2", "住民票-3");
        assertThat(keys.oldestBeyond(CITY, 2)).isEqualTo("住民票-1");
        assertThat(keys.oldestBeyond(CITY, 3)).isNull();
        assertThat(keys.oldestBeyond(SHOP, 0)).isEqualTo("返品-1");
        assertThat(keys.oldestBeyond(TenantId.of("other"), 0)).isNull();
    }

    @Test
    void removingAGroupsLastKeyLeavesNoGroupBehind() {
        GroupedKeys<TenantId, String> keys = new GroupedKeys<>();
        keys.add(SHOP, "返品-1");
        keys.remove(SHOP, "返品-1");
        keys.remove(SHOP, "返品-1");
        keys.remove(CITY, "none");

        assertThat(keys.of(SHOP)).isEmpty();
        assertThat(keys.oldestBeyond(SHOP, 0)).isNull();
    }
}
