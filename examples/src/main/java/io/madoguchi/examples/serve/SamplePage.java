package io.madoguchi.examples.serve;

/** The sample shop page that includes the chat widget with one script tag. */
final class SamplePage {

    static final String HTML = """
        <!DOCTYPE html>
        <html lang="ja">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>窓口ショップ — Madoguchi sample shop</title>
        <style>
        body{margin:0;font:16px/1.7 system-ui,"Hiragino Sans","Noto Sans JP","IPAGothic",sans-serif;color:#1f2933;
          background:#fffdf8}
        header{background:#7c2d12;color:#fff;padding:18px 32px}header h1{margin:0;font-size:24px}
        header p{margin:0;opacity:.85}main{max-width:880px;margin:32px auto;padding:0 32px}
        .items{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:20px}
        .item{background:#fff;border:1px solid #f1e4d3;border-radius:10px;padding:16px}
        .item h2{font-size:17px;margin:0 0 6px}.price{color:#7c2d12;font-weight:600}
        .note{margin-top:32px;color:#52606d;font-size:14px}
        </style>
        </head>
        <body>
        <header><h1>窓口ショップ</h1><p>Madoguchi sample shop — 暮らしの道具</p></header>
        <main>
        <div class="items">
        <div class="item"><h2>加湿器 しずく</h2><p>静かな超音波式。寝室にも。</p><p class="price">¥8,800</p></div>
        <div class="item"><h2>ペット用ベッド ふわり</h2><p>洗えるカバー付き。</p><p class="price">¥4,400</p></div>
        <div class="item"><h2>土鍋 ほっこり</h2><p>伊賀焼、2〜3人用。</p><p class="price">¥6,600</p></div>
        </div>
        <p class="note">ご不明な点は右下のチャットからお気軽にどうぞ。返品・送料・お支払いなどは自動応答がすぐにお答えします。<br>
        Questions? Use the chat at the bottom right.</p>
        </main>
        <script src="/chat/widget.js" data-api="/chat/api" data-lang="ja" defer></script>
        </body>
        </html>
        """;

    private SamplePage() {
    }
}
