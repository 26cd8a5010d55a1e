// The playground uses only the local JSON API. All text is set with textContent, never as HTML.
(() => {
  const $ = (id) => document.getElementById(id);
  const state = { practitioner: '', supervisor: '', lastId: undefined, seen: new Set() };

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.error?.message || res.statusText);
    return data;
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function addMine(text) {
    const li = el('li', { class: 'me' }, text);
    $('chat').appendChild(li);
    li.scrollIntoView({ block: 'end' });
  }

  function addReply(r) {
    if (r.id && state.seen.has(r.id)) return;
    if (r.id) {
      state.seen.add(r.id);
      state.lastId = r.id;
    }
    const li = el('li', { class: r.kind, 'data-kind': r.kind }, r.text);
    if (r.details) li.appendChild(fullReflection(r.details));
    const meta = [];
    if (r.meta?.progress) meta.push(`${r.meta.progress.index} of ${r.meta.progress.total}`);
    if (r.meta?.source) meta.push(`Source: ${r.meta.source}`);
    if (r.meta?.hint) meta.push(r.meta.hint);
    if (meta.length) li.appendChild(el('span', { class: 'meta' }, meta.join(' · ')));
    if (r.meta?.multiSelect && r.choices?.length) {
      li.appendChild(checklist(r));
    } else if (r.choices?.length) {
      const group = el('div', { class: 'choices', role: 'group', 'aria-label': 'Answers' });
      r.choices.forEach((c) => {
        const b = el('button', { type: 'button', 'data-choice': c.id }, c.label);
        b.addEventListener('click', () => choose(c, r.meta || {}));
        group.appendChild(b);
      });
      li.appendChild(group);
    }
    $('chat').appendChild(li);
    li.scrollIntoView({ block: 'end' });
  }

  // A checklist: one checkbox per item, then "None of these" and "Done" (the ticked ids, comma-joined).
  function checklist(r) {
    const meta = r.meta || {};
    const form = el('fieldset', { class: 'checklist' });
    form.appendChild(el('legend', {}, 'Tick any that apply'));
    r.choices.forEach((c, i) => {
      const label = el('label', {});
      const box = el('input', { type: 'checkbox', value: c.id, 'data-item': c.id });
      label.appendChild(box);
      label.appendChild(document.createTextNode(` ${i + 1}. ${c.label}`));
      form.appendChild(label);
    });
    const buttons = el('div', { class: 'choices' });
    const none = el('button', { type: 'button', 'data-choice': 'none' }, 'None of these');
    none.addEventListener('click', () => choose({ id: 'none', label: 'None of these' }, meta));
    const done = el('button', { type: 'button', 'data-choice': 'done' }, 'Done');
    done.addEventListener('click', () => {
      const ticked = [...form.querySelectorAll('input[type=checkbox]:checked')];
      // Nothing ticked goes to the bot as an empty answer; it asks for "none" explicitly.
      const labels = ticked.map((b) => b.parentNode.textContent.trim()).join('; ');
      choose({ id: ticked.map((b) => b.value).join(','), label: labels || 'Done' }, meta);
    });
    buttons.appendChild(none);
    buttons.appendChild(done);
    form.appendChild(buttons);
    return form;
  }

  // The full reflection, one click away, as the supervisor gets it behind the headline.
  function fullReflection(text) {
    const box = el('details', { class: 'full' });
    box.appendChild(el('summary', {}, 'Full reflection'));
    box.appendChild(el('div', { class: 'details-text' }, text));
    return box;
  }

  function replyForm(threadId, messageId) {
    const form = el('form', { class: 'row' });
    const id = `reply-${messageId}`;
    form.appendChild(el('label', { for: id }, 'Reply to this reflection'));
    const input = el('input', { id, type: 'text', maxlength: '8000' });
    form.appendChild(input);
    form.appendChild(el('button', { type: 'submit' }, 'Send reply'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!input.value.trim()) return;
      await api('POST', `/local/threads/${threadId}/replies`, { user: state.supervisor, text: input.value, messageId });
      input.value = '';
      refreshThreads().catch(() => {});
    });
    return form;
  }

  async function send(payload, echo) {
    addMine(echo);
    try {
      const out = await api('POST', '/local/messages', Object.assign({ user: state.practitioner }, payload));
      out.replies.forEach(addReply);
      refreshCheckin().catch(() => {});
    } catch (e) {
      addReply({ kind: 'error', text: `Could not send: ${e.message}` });
    }
  }

  function choose(choice, meta) {
    void send({ choice: choice.id, questionId: meta.questionId, token: meta.token }, choice.label);
  }

  async function loadHistory() {
    $('chat').textContent = '';
    state.seen.clear();
    state.lastId = undefined;
    const out = await api('GET', `/local/messages?user=${encodeURIComponent(state.practitioner)}`);
    out.messages.forEach(addReply);
  }

  async function poll() {
    if (!state.practitioner) return;
    const after = state.lastId ? `&after=${encodeURIComponent(state.lastId)}` : '';
    const out = await api('GET', `/local/messages?user=${encodeURIComponent(state.practitioner)}${after}`);
    out.messages.forEach(addReply);
  }

  function renderThread(t) {
    const box = el('section', { class: 'thread', 'aria-label': t.title, 'data-thread': t.id });
    box.appendChild(el('h3', {}, t.title));
    box.appendChild(el('p', { class: 'counts' }, `Reflections from: ${(t.practitioners || []).join(', ')}`));
    box.appendChild(el('p', { class: 'counts' }, `${t.reflections} reflection(s) shared, ${t.openFlags} open flag(s)`));
    t.messages.forEach((m) => {
      const a = el('article', { class: m.kind });
      const badges = el('div');
      const alertLabels = {
        urgent: 'Urgent alert',
        overdue: 'Overdue check-in',
        realert: 'Re-alert',
        note: 'Note with alert',
      };
      if (m.alert) badges.appendChild(el('span', { class: `badge alert-${m.alert}` }, alertLabels[m.alert] || 'Alert'));
      if (m.kind === 'summary' || m.kind === 'alert') {
        if (m.acknowledged) badges.appendChild(el('span', { class: 'badge' }, 'Picked up'));
        if (m.onAgenda) badges.appendChild(el('span', { class: 'badge' }, 'On agenda'));
      }
      if (m.kind === 'reply') badges.appendChild(el('span', { class: 'badge' }, 'Supervisor reply'));
      a.appendChild(badges);
      a.appendChild(el('div', {}, m.text));
      if (m.details) a.appendChild(fullReflection(m.details));
      if (m.kind === 'summary' || m.kind === 'alert') a.appendChild(replyForm(t.id, m.id));
      box.appendChild(a);
    });
    const actions = el('div', { class: 'choices' });
    [
      ['acknowledge', 'Picked up'],
      ['agenda', 'Add to agenda'],
    ].forEach(([action, label]) => {
      const b = el('button', { type: 'button', class: 'secondary' }, label);
      b.addEventListener('click', async () => {
        await api('POST', `/local/threads/${t.id}/actions`, { user: state.supervisor, action });
        refreshThreads().catch(() => {});
      });
      actions.appendChild(b);
    });
    box.appendChild(actions);
    return box;
  }

  /** The open lone-working check-in, with its deadline, above the conversation. */
  async function refreshCheckin() {
    if (!state.practitioner) return;
    const out = await api('GET', `/local/checkin?user=${encodeURIComponent(state.practitioner)}`);
    const box = $('checkin');
    if (!out.checkin) {
      box.hidden = true;
      box.textContent = '';
      return;
    }
    const due = new Date(out.checkin.dueAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    box.textContent = `Checked in: case ${out.checkin.caseRef}, back by ${due}. Send checkout when you are out.`;
    box.hidden = false;
  }

  /** Alerts sent to the supervisor directly (an urgent alert before its case reference, escalations). */
  async function refreshSupervisorAlerts() {
    if (!state.supervisor) return;
    const out = await api('GET', `/local/messages?user=${encodeURIComponent(state.supervisor)}`);
    const box = $('sup-alerts');
    box.textContent = '';
    out.messages.slice(-5).forEach((m) => {
      box.appendChild(el('li', { class: 'urgent' }, m.text));
    });
  }

  async function refreshThreads() {
    if (!state.supervisor) return;
    const focused = document.activeElement?.id;
    if (focused?.startsWith('reply-') && document.activeElement.value) return; // don't wipe a reply being typed
    const out = await api('GET', `/local/threads?supervisor=${encodeURIComponent(state.supervisor)}`);
    const box = $('threads');
    box.textContent = '';
    if (!out.threads.length) box.appendChild(el('p', {}, 'No shared reflections yet.'));
    for (const t of out.threads) box.appendChild(renderThread(t));
  }

  async function init() {
    const people = await api('GET', '/local/people');
    $('org').textContent =
      `${people.organisation}: try a whole reflection. The practitioner is on the left and the supervisor's threads are on the right. Use case references, not names.`;
    for (const p of people.practitioners) {
      $('practitioner').appendChild(el('option', { value: p.id }, `${p.name} (${p.id})`));
    }
    for (const s of people.supervisors) {
      $('supervisor').appendChild(el('option', { value: s.id }, `${s.name} (${s.id})`));
    }
    state.practitioner = $('practitioner').value;
    state.supervisor = $('supervisor').value;
    $('practitioner').addEventListener('change', () => {
      state.practitioner = $('practitioner').value;
      loadHistory().catch((e) => addReply({ kind: 'error', text: `Could not load: ${e.message}` }));
    });
    $('supervisor').addEventListener('change', () => {
      state.supervisor = $('supervisor').value;
      refreshThreads().catch(() => {});
    });
    $('send').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = $('message').value.trim();
      if (!text) return;
      $('message').value = '';
      void send({ text }, text);
    });
    await loadHistory();
    await refreshThreads();
    await refreshCheckin();
    setInterval(() => {
      poll().catch(() => {});
      refreshThreads().catch(() => {});
      refreshCheckin().catch(() => {});
      refreshSupervisorAlerts().catch(() => {});
    }, 2000);
  }
  init().catch((e) => addReply({ kind: 'error', text: `Could not load: ${e.message}` }));
})();
