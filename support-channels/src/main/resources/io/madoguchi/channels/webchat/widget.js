/*
 * Madoguchi web chat widget. Plain JavaScript, no build step. Include it with one tag:
 *   <script src="/chat/widget.js" data-api="/chat/api" data-lang="ja" defer></script>
 * Optional: data-token (a visitor token the host issued for its logged-in user), data-name (the visitor's name),
 * data-open="true" (open the panel at once).
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) { return; }
  var api = script.getAttribute('data-api') || script.src.replace(/\/widget\.js(\?.*)?$/, '');
  var lang = (script.getAttribute('data-lang') || navigator.language || 'ja').toLowerCase().indexOf('ja') === 0
    ? 'ja' : 'en';
  var TEXTS = {
    ja: {
      launcher: 'チャットで問い合わせる', title: 'お問い合わせ', placeholder: 'メッセージを入力…', send: '送信',
      close: '閉じる', guest: 'ゲスト', yes: 'はい', no: 'いいえ', offline: '接続が切れました。再接続しています…',
      failed: '送信できませんでした。もう一度お試しください。', tooLong: 'メッセージが長すぎます。',
      welcome: 'ご質問をどうぞ。自動応答がよくあるご質問からお答えし、必要なら担当者に引き継ぎます。',
      authors: { customer: 'あなた', agent: '担当者', bot: '自動応答', system: 'お知らせ' }
    },
    en: {
      launcher: 'Chat with us', title: 'Contact us', placeholder: 'Type a message…', send: 'Send', close: 'Close',
      guest: 'Guest', yes: 'Yes', no: 'No', offline: 'Connection lost. Reconnecting…',
      failed: 'The message was not sent. Please try again.', tooLong: 'The message is too long.',
      welcome: 'Ask us anything. Our bot answers from the FAQ and hands over to a person when needed.',
      authors: { customer: 'You', agent: 'Agent', bot: 'Bot', system: 'Notice' }
    }
  };
  var t = TEXTS[lang];
  var storeKey = 'madoguchi.chat.' + api;
  var token = script.getAttribute('data-token') || load('token');
  var seen = {};
  var source = null;

  function load(k) { try { return localStorage.getItem(storeKey + '.' + k); } catch (e) { return null; } }
  function save(k, v) { try { localStorage.setItem(storeKey + '.' + k, v); } catch (e) { /* private mode */ } }

  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = script.src.replace(/widget\.js(\?.*)?$/, 'widget.css');
  document.head.appendChild(css);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }

  var root = el('div', 'mdg-chat');
  root.lang = lang;
  var launcher = el('button', 'mdg-launcher', t.launcher);
  launcher.type = 'button';
  launcher.id = 'mdg-launcher';
  var panel = el('section', 'mdg-panel');
  panel.hidden = true;
  panel.setAttribute('aria-label', t.title);
  var header = el('header', 'mdg-header');
  header.appendChild(el('span', 'mdg-title', t.title));
  var closeBtn = el('button', 'mdg-close', '×');
  closeBtn.type = 'button';
  closeBtn.title = t.close;
  closeBtn.setAttribute('aria-label', t.close);
  header.appendChild(closeBtn);
  var log = el('ol', 'mdg-log');
  log.setAttribute('aria-live', 'polite');
  var status = el('p', 'mdg-status');
  status.hidden = true;
  var quick = el('div', 'mdg-quick');
  quick.hidden = true;
  var form = el('form', 'mdg-form');
  var input = el('textarea', 'mdg-input');
  input.rows = 2;
  input.placeholder = t.placeholder;
  input.maxLength = 2000;
  input.id = 'mdg-input';
  var sendBtn = el('button', 'mdg-send', t.send);
  sendBtn.type = 'submit';
  sendBtn.id = 'mdg-send';
  form.appendChild(input);
  form.appendChild(sendBtn);
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(status);
  panel.appendChild(quick);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);
  log.appendChild(bubble({ author: 'system', text: t.welcome, id: 'welcome' }));

  function bubble(m) {
    var li = el('li', 'mdg-msg mdg-' + m.author);
    li.setAttribute('data-id', m.id);
    li.appendChild(el('span', 'mdg-author', t.authors[m.author] || m.author));
    li.appendChild(el('p', 'mdg-text', m.text));
    return li;
  }

  function show(m) {
    if (seen[m.id]) { return; }
    seen[m.id] = true;
    log.appendChild(bubble(m));
    log.scrollTop = log.scrollHeight;
    // the bot asks "did this help?": offer the two answers as buttons
    quick.hidden = !(m.author === 'bot' && /「はい」|"yes"/.test(m.text));
  }

  function setStatus(text) {
    status.textContent = text || '';
    status.hidden = !text;
  }

  function request(method, path, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) { headers.Authorization = 'Bearer ' + token; }
    return fetch(api + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { var e = new Error(j.error || r.status); e.status = r.status; throw e; }
        return j;
      });
    });
  }

  function ensureToken() {
    if (token) { return Promise.resolve(token); }
    return request('POST', '/conversations', { name: script.getAttribute('data-name') || t.guest, lang: lang })
      .then(function (j) { token = j.token; save('token', token); return token; });
  }

  function history(after) {
    return request('GET', '/messages?limit=200' + (after ? '&after=' + encodeURIComponent(after) : ''))
      .then(function (j) {
        j.messages.forEach(show);
        if (j.messages.length === 200) { return history(j.next); }
        return j.position;
      });
  }

  function listen(position) {
    if (source) { source.close(); }
    var url = api + '/events?token=' + encodeURIComponent(token)
      + (position ? '&last_event_id=' + encodeURIComponent(position) : '');
    source = new EventSource(url);
    source.addEventListener('message', function (e) { setStatus(''); show(JSON.parse(e.data)); });
    source.addEventListener('reset', function () { history('').then(listen); });
    source.onopen = function () { setStatus(''); };
    source.onerror = function () { setStatus(t.offline); };
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  // a message keeps its client id through retries, so the desk stores it once
  function send(text, clientId, attempt) {
    return request('POST', '/messages', { client_id: clientId, text: text }).then(function (j) {
      show(j.message);
    }).catch(function (e) {
      if (!e.status && attempt < 3) { return send(text, clientId, attempt + 1); }
      if (e.status === 401) { token = null; save('token', ''); }
      setStatus(e.status === 413 ? t.tooLong : t.failed);
      throw e;
    });
  }

  function submit(text) {
    text = text.trim();
    if (!text) { return; }
    sendBtn.disabled = true;
    quick.hidden = true;
    var started = !!token;
    ensureToken().then(function () {
      return send(text, newId(), 0);
    }).then(function () {
      input.value = '';
      if (!started || !source) { return history('').then(listen); }
    }).catch(function () { /* status shown */ }).then(function () { sendBtn.disabled = false; input.focus(); });
  }

  [['yes', t.yes], ['no', t.no]].forEach(function (q) {
    var b = el('button', 'mdg-quick-' + q[0], q[1]);
    b.type = 'button';
    b.addEventListener('click', function () { submit(q[1]); });
    quick.appendChild(b);
  });

  form.addEventListener('submit', function (e) { e.preventDefault(); submit(input.value); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(input.value); }
  });
  var opened = false;
  function open() {
    panel.hidden = false;
    launcher.hidden = true;
    input.focus();
    if (!opened && token) { history('').then(listen).catch(function () { token = null; }); }
    opened = true;
  }
  launcher.addEventListener('click', open);
  closeBtn.addEventListener('click', function () { panel.hidden = true; launcher.hidden = false; });

  function mount() {
    document.body.appendChild(root);
    if (script.getAttribute('data-open') === 'true') { open(); }
  }
  if (document.body) { mount(); } else { document.addEventListener('DOMContentLoaded', mount); }
})();
