package io.madoguchi.core.bot;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.calendar.BusinessCalendar;
import io.madoguchi.core.calendar.HolidaySource;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** Test fixture shared by the bot tests: a small city-office FAQ and the office's hours. */
final class CityOffice {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final TenantId CITY = TenantId.of("amagasaki-city");

    private CityOffice() {
    }

    /** @return weekdays 08:45–17:30 in Tokyo, Japanese holidays closed */
    static BusinessCalendar hours() {
        return BusinessCalendar.builder("市役所").zone(TOKYO)
            .open(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "08:45-17:30")
            .holidays(HolidaySource.japan()).build();
    }

    /** @param catalog gets the office's four FAQs (three Japanese, one English) */
    static void faqs(FaqCatalog catalog) {
        catalog.put(CITY, FaqEntry.builder("juminhyo").locale(Locale.JAPANESE).question("住民票の写しを取りたい")
            .answer("住民票の写しは市役所の窓口またはコンビニで取得できます。手数料は300円です。")
            .phrasings("住民票が欲しい", "住民票の写しの請求方法").build());
        catalog.put(CITY, FaqEntry.builder("gomi").locale(Locale.JAPANESE).question("粗大ごみの出し方を知りたい")
            .answer("粗大ごみは事前に申し込みが必要です。").phrasings("大きなごみを捨てたい", "家具を捨てる方法").build());
        catalog.put(CITY, FaqEntry.builder("zeikin").locale(Locale.JAPANESE).question("市民税の納付方法を知りたい")
            .answer("市民税は納付書により金融機関、コンビニで納付できます。").build());
        catalog.put(CITY, FaqEntry.builder("password").locale(Locale.ENGLISH).question("I forgot my password")
            .answer("Use the Forgot password link on the sign-in page.").links(List.of("https://example.jp/help/password"))
            .phrasings("reset my password", "cannot log in").build());
    }
}
