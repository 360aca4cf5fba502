// index.html's script (embedded in the page at build time by outputs/CMakeLists.txt).
//
// The page carries its data as JSON in script elements of type application/json, never as markup:
//   #jx-meta   {"rules": [{"id","name","sev","note","count"}], "agencies": [name, …]}
//   #jx-rows   one object per summary row (a project, or a failed file): see IndexHtml::add()
//   #d<i>      row i's details, placed after this script so that the first screen does not wait for them: the
//              budget, the indicators, the warnings, the findings and their evidence.
// Views, named by the location's hash so that the browser's back button and a bookmark work:
//   #/?q=…&agency=…&rule=…&sev=…&src=…&status=…&sort=…&dir=…&page=…   the reports table, filtered
//   #/r/<i>                                                          one report
// Every string from a report goes into the page through esc() or textContent, never as markup.
//
// Served by `jxaudit serve` (http:), the page asks the server for the register's review decisions
// (GET api/reviews → {id: {state, note, by, at}}); when it answers, those decisions replace the states the page was
// written with, and each finding gets buttons to confirm, dismiss or reopen it with a note, which POST
// {id, state, note, by} to api/review and update the finding's badge from the answer. Opened from disk (file:), or
// from a server that does not answer api/reviews, the page shows its embedded states and no buttons.
(function () {
  'use strict';
  var PAGE_SIZE = 100;
  var SEV = {error: '错误', warning: '警告', info: '提示'};
  var SRC = {text: '文字层', ocr: '扫描件OCR', mixed: '部分页OCR'};
  var REVIEW = {confirmed: '已确认', dismissed: '已排除', open: '待复核'};

  function esc(s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function num(v) {
    if (v === null || v === undefined || v === '') return '';
    var r = Math.round(v * 100) / 100;
    return String(r);
  }
  function json(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }
  function $(id) { return document.getElementById(id); }

  var meta = json('jx-meta') || {rules: [], agencies: []};
  var rows = json('jx-rows') || [];
  var ruleById = {};
  meta.rules.forEach(function (r, k) { ruleById[r.id] = r; r.k = k; });
  rows.forEach(function (r) {
    r.diff = (r.s !== null && r.r !== null) ? Math.round((r.s - r.r) * 100) / 100 : null;
    r.hay = (r.f + '\n' + r.a + '\n' + r.p + '\n' + r.d + '\n' + (r.y || '')).toLowerCase();
  });
  // The program's extraction warnings (written in English for the report document) said in Chinese; a warning of
  // another wording is shown as written.
  var WARNINGS = [
    [/^page (\d+) read by OCR \((.*)\)$/, function (m) {
      return '第' + m[1] + '页经OCR识别（' + (m[2] === 'no text layer' ? '没有文字层' : '文字层不可用：' + m[2]) + '）'; }],
    [/^page (\d+) deskewed by ([\d.]+)°$/, function (m) { return '第' + m[1] + '页倾斜' + m[2] + '°，已校正'; }],
    [/^page (\d+) was rotated by (\d+)° clockwise/, function (m) {
      return '第' + m[1] + '页顺时针旋转了' + m[2] + '°，已转正'; }],
    [/^page (\d+) cannot be read/, function (m) { return '第' + m[1] + '页无法读取，按空白页处理'; }],
    [/^page (\d+): the text layer of font (.*) has no ToUnicode map/, function (m) {
      return '第' + m[1] + '页：字体' + m[2] + '缺少ToUnicode映射，文字由内嵌字体的编码表恢复'; }],
    [/^page (\d+): the total score row has several numbers/, function (m) {
      return '第' + m[1] + '页：总分行有多个数字且得分栏为空，取最后一个作为填报总分'; }],
    [/^page (\d+): indicator (.*): the weight is not a number \('(.*)'\), taken as 0$/, function (m) {
      return '第' + m[1] + '页：指标“' + m[2] + '”的分值“' + m[3] + '”不是数字，按0计'; }],
    [/^pages? ([\d-]+): a department-wide self-evaluation form/, function (m) {
      return '第' + m[1] + '页为部门整体支出绩效自评表，不作为项目审核'; }],
    [/^no budget block found/, function () { return '未找到预算执行情况（预算栏目及其合计行）'; }],
    [/^no total score row/, function () { return '指标之后未找到总分行'; }],
  ];
  function warningZh(w) {
    for (var k = 0; k < WARNINGS.length; ++k) {
      var m = WARNINGS[k][0].exec(w);
      if (m) return WARNINGS[k][1](m);
    }
    return w;
  }
  function ruleName(id) { var r = ruleById[id]; return r && r.name ? r.name : id; }

  // ---- the filters ----------------------------------------------------------------------------------------------
  var COLS = ['f', 'a', 'p', 'd', 'y', 's', 'r', 'diff', 'g', 'e', 'w', 'n', 'o', 'u', 'x'];
  var NUMERIC = {y: 1, s: 1, r: 1, diff: 1, e: 1, w: 1, n: 1, u: 1};
  var DEFAULTS = {q: '', agency: '', rule: '', sev: '', src: '', status: '', sort: 'r', dir: 'asc', page: 0};
  var state = {};
  Object.keys(DEFAULTS).forEach(function (k) { state[k] = DEFAULTS[k]; });

  function fromHash() {
    var h = location.hash || '';
    var m = /^#\/r\/(\d+)$/.exec(h);
    if (m) return {view: 'report', i: parseInt(m[1], 10)};
    var q = h.indexOf('?') >= 0 ? h.slice(h.indexOf('?') + 1) : '';
    var p = new URLSearchParams(q);
    var s = {view: 'list'};
    Object.keys(state).forEach(function (k) { if (p.has(k)) s[k] = p.get(k); });
    return s;
  }
  function toHash(s) {
    var p = new URLSearchParams();
    Object.keys(state).forEach(function (k) {
      if (s[k] !== undefined && String(s[k]) !== String(DEFAULTS[k])) p.set(k, s[k]);
    });
    var q = p.toString();
    return '#/' + (q ? '?' + q : '');
  }

  function matches(r) {
    if (state.q) {
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      for (var i = 0; i < words.length; ++i) if (r.hay.indexOf(words[i]) < 0) return false;
    }
    if (state.agency && r.a !== state.agency) return false;
    if (state.rule !== '') {
      var rule = ruleById[state.rule];
      if (!rule || r.k.indexOf(rule.k) < 0) return false;
    }
    if (state.sev === 'error' && !r.e) return false;
    if (state.sev === 'warning' && !r.w) return false;
    if (state.sev === 'info' && !r.n) return false;
    if (state.sev === 'none' && (r.e || r.w || r.n)) return false;
    if (state.src === 'text' && r.o !== 'text') return false;
    if (state.src === 'ocr' && r.o !== 'ocr' && r.o !== 'mixed') return false;
    if (state.src === 'unsure' && !r.u) return false;
    if (state.status === 'ok' && r.x) return false;
    if (state.status === 'failed' && !r.x) return false;
    return true;
  }
  function compare(a, b) {
    var k = state.sort, x = a[k], y = b[k], c;
    if (k === 'x') { x = a.x ? 1 : 0; y = b.x ? 1 : 0; }
    var xn = x === null || x === undefined || x === '', yn = y === null || y === undefined || y === '';
    if (xn || yn) c = xn - yn;  // blanks last, in either direction
    else {
      c = NUMERIC[k] || k === 'x' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      if (state.dir === 'desc') c = -c;
    }
    return c || a.i - b.i;
  }

  // ---- the reports table ---------------------------------------------------------------------------------------
  function srcCell(r) {
    if (!r.o) return '';
    var label = SRC[r.o] || r.o;
    var h = r.o === 'text' ? label : '<span class="badge ocr">' + esc(label) + '</span>';
    if (r.wn) h += ' <span class="badge warnc" title="' + esc((r.wt || []).map(warningZh).join('\n')) + '">提取提示 ' +
      r.wn + '</span>';
    return h;
  }
  function rowHtml(r) {
    var name = esc(r.p || r.f) + (r.pl ? ' <span class="place">（项目 ' + esc(r.pl) + '）</span>' : '');
    var diff = r.diff === null ? '' : (r.diff > 0 ? '<span class="up">+' + num(r.diff) + '</span>' :
      (r.diff < 0 ? '<span class="down">' + num(r.diff) + '</span>' : '0'));
    return '<tr data-i="' + r.i + '"' + (r.x ? ' class="failed"' : '') + '>' +
      '<td class="wide" title="' + esc(r.f) + '">' + esc(r.f) + '</td>' +
      '<td>' + esc(r.a) + '</td>' +
      '<td><a href="#/r/' + r.i + '">' + name + '</a></td>' +
      '<td class="wide">' + esc(r.d) + '</td>' +
      '<td class="num">' + esc(r.y || '') + '</td>' +
      '<td class="num">' + num(r.s) + '</td><td class="num">' + num(r.r) + (r.u && r.r !== null ? DOUBT : '') + '</td>' +
      '<td class="num">' + diff + '</td>' +
      '<td>' + esc(r.g) + '</td>' +
      '<td class="num sev-error">' + (r.e || '') + '</td><td class="num sev-warning">' + (r.w || '') + '</td>' +
      '<td class="num sev-info">' + (r.n || '') + '</td>' +
      '<td>' + srcCell(r) + '</td>' +
      '<td class="num unsure">' + (r.u || '') + '</td>' +
      '<td>' + (r.x ? '<span class="sev-error">无法处理：' + esc(r.xl) + '</span><br><small>' + esc(r.m) + '</small>' :
        '审核完成') + '</td></tr>';
  }
  // Beside a total that rests on values the tool doubts.
  var DOUBT = ' <span class="badge ocr" title="该项目有OCR识别存疑的数值，复核结果需对照原件核对">存疑</span>';
  var shown = [];
  function renderList() {
    shown = rows.filter(matches).sort(compare);
    var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    var page = Math.min(Math.max(0, parseInt(state.page, 10) || 0), pages - 1);
    var slice = shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    $('report-rows').innerHTML = slice.map(rowHtml).join('');
    $('count').textContent = '筛选出 ' + shown.length + ' 行（共 ' + rows.length + ' 行）';
    var pagers = document.querySelectorAll('.pager');
    Array.prototype.forEach.call(pagers, function (p) {
      p.querySelector('.pageno').textContent = '第 ' + (page + 1) + ' / ' + pages + ' 页';
      p.querySelector('.prev').disabled = page === 0;
      p.querySelector('.next').disabled = page + 1 >= pages;
    });
    Array.prototype.forEach.call(document.querySelectorAll('#reports thead th'), function (th) {
      if (th.getAttribute('data-k') === state.sort)
        th.setAttribute('aria-sort', state.dir === 'desc' ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    });
    ['q', 'agency', 'rule', 'sev', 'src', 'status'].forEach(function (k) {
      var el = $('f-' + k);
      if (el && el.value !== state[k]) el.value = state[k];
    });
    $('reset').disabled = !(state.q || state.agency || state.rule || state.sev || state.src || state.status);
  }
  function go(changes) {
    var s = {};
    Object.keys(state).forEach(function (k) { s[k] = state[k]; });
    Object.keys(changes).forEach(function (k) { s[k] = changes[k]; });
    if (!('page' in changes)) s.page = 0;
    var h = toHash(s);
    if (location.hash !== h) location.hash = h; else route();
  }

  // ---- one report ----------------------------------------------------------------------------------------------
  function budgetHtml(b) {
    if (!b || (b.ab === null && b.ex === null && b.rate === null)) return '<p>未读到预算执行情况。</p>';
    var u = b.unit ? '（' + esc(b.unit) + '）' : '';
    return '<table class="budget"><thead><tr><th class="num">年初预算数' + u + '</th><th class="num">全年预算数' + u +
      '</th><th class="num">全年执行数' + u + '</th><th class="num">执行率（%）</th><th class="num">分值</th>' +
      '<th class="num">得分</th></tr></thead><tbody><tr><td class="num">' + num(b.ib) + '</td><td class="num">' +
      num(b.ab) + '</td><td class="num">' + num(b.ex) + '</td><td class="num">' + num(b.rate) + '</td><td class="num">' +
      num(b.w) + '</td><td class="num">' + num(b.sc) + '</td></tr></tbody></table>';
  }
  function indicatorsHtml(list, pdf) {
    if (!list.length) return '<p>未读到绩效指标。</p>';
    return '<div class="tablewrap"><table class="indicators"><thead><tr><th>一级指标</th><th>二级指标</th>' +
      '<th>三级指标</th><th>年度指标值</th><th>实际完成值</th><th class="num">分值</th><th class="num">自评得分</th>' +
      '<th class="num">复核得分</th><th class="num">自评−复核</th><th class="wide">偏差原因分析</th><th>页码</th>' +
      '</tr></thead><tbody>' + list.map(function (x) {
        var d = (x.s !== null && x.r !== null) ? Math.round((x.s - x.r) * 100) / 100 : null;
        var cls = (x.lc ? 'lowconf ' : '') + (d !== null && d > 0 ? 'over' : '');
        return '<tr class="' + cls + '"><td>' + esc(x.l1) + '</td><td>' + esc(x.l2) + '</td><td>' + esc(x.n) +
          (x.lc ? ' <span class="badge ocr" title="OCR识别的数值存疑，请对照原件核对">存疑</span>' : '') + '</td><td>' +
          esc(x.t) + '</td><td>' + esc(x.a) + '</td><td class="num">' + num(x.w) + '</td><td class="num self">' +
          num(x.s) + '</td><td class="num">' + num(x.r) + '</td><td class="num">' +
          (d === null ? '' : (d > 0 ? '<span class="up">+' + num(d) + '</span>' : num(d))) + '</td><td class="wide">' +
          esc(x.note) + '</td><td>' + pageLink(pdf, x.pg) + '</td></tr>';
      }).join('') + '</tbody></table></div>';
  }
  function pageLink(pdf, page) {
    if (!page) return '';
    if (!pdf) return '第 ' + page + ' 页';
    return '<a href="' + esc(pdf) + '#page=' + page + '" target="_blank" rel="noopener">第 ' + page + ' 页</a>';
  }
  function findingHtml(f, d) {
    var rule = ruleById[f.rule] || {};
    var img = f.img !== null && f.img !== undefined && d.imgs[f.img] ? d.imgs[f.img] : '';
    return '<div class="finding sev-' + esc(f.sev) + '-b" id="f-' + esc(f.id) + '"><div class="meta">' +
      '<span class="sev-' + esc(f.sev) + '">' + esc(SEV[f.sev] || f.sev) + '</span> · <b>' + esc(ruleName(f.rule)) +
      '</b> <code>' + esc(f.rule) + '</code>' + (f.ind ? ' · 指标：' + esc(f.ind) : '') +
      (f.pg ? ' · ' + pageLink(d.pdf, f.pg) : '') +
      (f.u ? ' · <span class="badge ocr">所依据数值为OCR识别，存疑</span>' : '') +
      (served ? ' · ' + reviewBadge(reviewOf(f).state) :
        (f.rv ? ' · ' + reviewBadge(f.rv) : '')) +
      '</div>' +
      '<div class="msg">' + esc(f.msg) + '</div>' +
      (f.t || f.a ? '<div class="note">年度指标值：' + esc(f.t) + '；实际完成值：' + esc(f.a) + '</div>' : '') +
      (f.det ? '<div class="note">依据：' + esc(f.det) + '</div>' : '') +
      (rule.note ? '<div class="note">规则说明：' + esc(rule.note) + '</div>' : '') +
      (img ? '<img loading="lazy" alt="第 ' + esc(f.pg) + ' 页证据截图" src="' + esc(img) + '">' : '') +
      '<div class="note">编号 ' + esc(f.id) + '</div>' + (served ? reviewControls(f) : '') + '</div>';
  }

  // ---- review decisions, when served ---------------------------------------------------------------------------
  var served = null;  // {reviews: {id: {state, note, by, at}}} once the server answered api/reviews
  function reviewOf(f) { return (served && served.reviews[f.id]) || {}; }
  function reviewBadge(state) {
    if (!state) return '<span class="badge rvb">未审核</span>';
    return '<span class="badge rvb review-' + esc(state) + '">' + esc(REVIEW[state] || state) + '</span>';
  }
  var ACTIONS = [['confirmed', '确认'], ['dismissed', '排除'], ['open', '重新打开']];
  function reviewControls(f) {
    var r = reviewOf(f);
    return '<div class="review" data-id="' + esc(f.id) + '">' +
      '<textarea class="rv-note" rows="2" maxlength="1000" placeholder="审核备注（可选）">' + esc(r.note || '') +
      '</textarea><div class="rv-actions">' + ACTIONS.map(function (a) {
        return '<button type="button" data-state="' + a[0] + '" aria-pressed="' + (r.state === a[0]) + '">' + a[1] +
          '</button>'; }).join('') +
      '<span class="rv-status">' + reviewStamp(r) + '</span></div></div>';
  }
  function reviewStamp(r) {
    if (!r.state) return '';
    return esc((r.by ? r.by + ' ' : '') + (r.at || '').replace('T', ' ').replace('Z', ' UTC'));
  }
  // Sends one decision; on success the finding's badge, buttons and stamp show what the register stored.
  function sendReview(box, state) {
    var id = box.getAttribute('data-id');
    var status = box.querySelector('.rv-status');
    var by = $('rv-by') ? $('rv-by').value.trim() : '';
    try { localStorage.setItem('jx-reviewer', by); } catch (e) { /* storage may be off */ }
    status.className = 'rv-status';
    status.textContent = '正在保存……';
    fetch('api/review', {method: 'POST', headers: {'Content-Type': 'application/json'}, cache: 'no-store',
      body: JSON.stringify({id: id, state: state, note: box.querySelector('.rv-note').value, by: by})})
      .then(function (res) {
        return res.json().then(function (j) { return {ok: res.ok, j: j}; }, function () {
          return {ok: false, j: {message: 'HTTP ' + res.status}}; });
      })
      .then(function (a) {
        if (!a.ok) throw new Error(a.j && (a.j.message || a.j.error) || '保存失败');
        served.reviews[id] = {state: a.j.state, note: a.j.note, by: a.j.by, at: a.j.at};
        var finding = box.parentNode;
        var badge = finding.querySelector('.meta .rvb');
        if (badge) badge.outerHTML = reviewBadge(a.j.state);
        Array.prototype.forEach.call(box.querySelectorAll('button'), function (b) {
          b.setAttribute('aria-pressed', String(b.getAttribute('data-state') === a.j.state)); });
        status.textContent = '已保存 ' + reviewStamp(a.j);
      })
      .catch(function (e) {
        status.className = 'rv-status sev-error';
        status.textContent = '未保存：' + e.message;
      });
  }
  function reviewerField() {
    var name = '';
    try { name = localStorage.getItem('jx-reviewer') || ''; } catch (e) { /* storage may be off */ }
    return '<p class="reviewer"><label>审核人：<input id="rv-by" maxlength="60" value="' + esc(name) +
      '"></label> 每条问题下可确认、排除或重新打开（备注随按钮一并保存），结果写入审核数据库。</p>';
  }
  function renderReport(i) {
    var r = rows[i];
    var view = $('view');
    if (!r) { view.innerHTML = '<p>没有这份报告。</p>'; return; }
    var d = json('d' + i);
    if (!d) {
      view.innerHTML = '<p>正在载入……</p>';
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', route, {once: true});
      return;
    }
    var h = '<p><a href="' + esc(listHash) + '">← 返回报告一览</a></p>';
    h += '<h2>' + esc(r.p || r.f) + (r.pl ? '（项目 ' + esc(r.pl) + '）' : '') + '</h2>';
    h += '<div class="facts">' +
      '<div><span>单位：</span>' + esc(r.a) + '</div>' +
      '<div><span>主管部门：</span>' + esc(r.d) + '</div>' +
      '<div><span>年度：</span>' + esc(r.y || '') + '</div>' +
      '<div><span>文件：</span>' + (d.pdf ? '<a href="' + esc(d.pdf) + '" target="_blank" rel="noopener">' + esc(r.f) +
        '</a>' : esc(r.f)) + (d.pages ? '（' + d.pages + ' 页）' : '') + '</div>' +
      '<div><span>识别方式：</span>' + (srcCell(r) || '—') +
        (d.ocr && d.ocr.length ? '（OCR 页：' + d.ocr.join('、') + '）' : '') + '</div>' +
      '<div><span>自评总分：</span>' + num(r.s) + '　<span>复核总分：</span>' + num(r.r) + (r.u ? DOUBT : '') +
        (r.diff ? '　<span>差值：</span>' + (r.diff > 0 ? '<span class="up">+' + num(r.diff) + '</span>' : num(r.diff)) :
          '') + '</div>' +
      '<div><span>复核等级：</span>' + esc(r.g) + '</div>' +
      '<div><span>问题：</span><span class="sev-error">错误 ' + r.e + '</span>，<span class="sev-warning">警告 ' + r.w +
        '</span>，<span class="sev-info">提示 ' + r.n + '</span>' +
        (r.u ? '，<span class="unsure">存疑 ' + r.u + '</span>' : '') + '</div>' +
      (d.sha ? '<div class="wide"><span>SHA-256：</span><small>' + esc(d.sha.slice(0, 16)) + '…</small></div>' : '') +
      '</div>';
    if (r.x) h += '<p class="sev-error">无法处理：' + esc(r.xl) + '（' + esc(r.m) + '）</p>';
    if (d.warn && d.warn.length) {
      h += '<h3>提取过程提示</h3><ul class="warnings">' + d.warn.map(function (w) {
        return '<li title="' + esc(w) + '">' + esc(warningZh(w)) + '</li>'; }).join('') + '</ul>';
    }
    if (!r.x) {
      h += '<h3>预算执行情况</h3>' + budgetHtml(d.budget);
      h += '<h3>绩效指标（复核得分与自评得分对照）</h3>' + indicatorsHtml(d.ind || [], d.pdf);
    }
    var fs = d.fnd || [];
    h += '<h3>问题（' + fs.length + '）</h3>' + (served && fs.length ? reviewerField() : '') + (fs.length ? fs.map(function (f) { return findingHtml(f, d); }).join('') :
      '<p>没有发现问题。</p>');
    view.innerHTML = h;
  }

  // ---- routing -------------------------------------------------------------------------------------------------
  var listHash = '#/';
  function route() {
    var s = fromHash();
    if (s.view === 'report') {
      $('list').classList.add('hidden');
      $('overview').classList.add('hidden');
      $('view').classList.remove('hidden');
      renderReport(s.i);
      window.scrollTo(0, 0);
    } else {
      Object.keys(DEFAULTS).forEach(function (k) { state[k] = s[k] !== undefined ? s[k] : DEFAULTS[k]; });
      listHash = location.hash || '#/';
      $('view').classList.add('hidden');
      $('list').classList.remove('hidden');
      $('overview').classList.remove('hidden');
      renderList();
    }
    document.documentElement.setAttribute('data-ready', '1');
  }

  // ---- wiring --------------------------------------------------------------------------------------------------
  var agencySel = $('f-agency'), ruleSel = $('f-rule');
  meta.agencies.forEach(function (a) {
    var o = document.createElement('option');
    o.value = a; o.textContent = a; agencySel.appendChild(o);
  });
  meta.rules.forEach(function (r) {
    if (!r.count) return;
    var o = document.createElement('option');
    o.value = r.id; o.textContent = (r.name || r.id) + '（' + r.count + '）'; ruleSel.appendChild(o);
  });
  var timer = null;
  $('f-q').addEventListener('input', function (e) {
    clearTimeout(timer);
    var v = e.target.value;
    timer = setTimeout(function () { go({q: v}); }, 200);
  });
  ['agency', 'rule', 'sev', 'src', 'status'].forEach(function (k) {
    $('f-' + k).addEventListener('change', function (e) { var c = {}; c[k] = e.target.value; go(c); });
  });
  $('reset').addEventListener('click', function () { go({q: '', agency: '', rule: '', sev: '', src: '', status: ''}); });
  Array.prototype.forEach.call(document.querySelectorAll('.pager'), function (p) {
    p.querySelector('.prev').addEventListener('click', function () { go({page: (parseInt(state.page, 10) || 0) - 1}); });
    p.querySelector('.next').addEventListener('click', function () { go({page: (parseInt(state.page, 10) || 0) + 1}); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('#reports thead th'), function (th) {
    th.addEventListener('click', function () {
      var k = th.getAttribute('data-k');
      go({sort: k, dir: state.sort === k && state.dir === 'asc' ? 'desc' : 'asc'});
    });
  });
  // A bar of a chart filters the table by its agency or rule.
  Array.prototype.forEach.call(document.querySelectorAll('svg .bar'), function (g) {
    g.addEventListener('click', function () {
      var c = {};
      if (g.hasAttribute('data-agency')) c.agency = g.getAttribute('data-agency');
      if (g.hasAttribute('data-rule')) c.rule = g.getAttribute('data-rule');
      go(c);
      $('list').scrollIntoView();
    });
  });
  window.addEventListener('hashchange', route);
  $('view').addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('.review button[data-state]');
    if (b) sendReview(b.closest('.review'), b.getAttribute('data-state'));
  });
  route();
  if (location.protocol === 'http:' || location.protocol === 'https:') {
    fetch('api/reviews', {cache: 'no-store', headers: {Accept: 'application/json'}})
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (j) {
        if (!j || typeof j !== 'object' || Array.isArray(j)) return;
        served = {reviews: j};
        document.documentElement.setAttribute('data-served', '1');
        if (fromHash().view === 'report') route();
      })
      .catch(function () { /* not jxaudit serve: the page as written */ });
  }
  window.jxReadyAt = performance.now();
})();
