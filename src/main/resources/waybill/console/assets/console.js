// The Waybill operations console: one Alpine.js component over the service's JSON routes.
// The API key lives in sessionStorage (this tab only) and travels only in the Authorization header.
'use strict';

const KEY = 'waybill.key';
const JOB_STATES = ['Creating', 'Shipping', 'Received', 'Transferring', 'Packaging', 'Completed', 'Closed', 'Faulted'];
const OPERATOR_FACTS = ['PackageArrived', 'DriveTransferStarted', 'DriveProgress', 'DriveTransferFinished',
  'DrivesShippedBack', 'ReturnAddressInvalid', 'CustomerResponded', 'Fault', 'FaultResolved'];
const NOT_FIELDS = ['type', 'jobId', 'factId', 'at'];

function pad(n) { return String(n).padStart(2, '0'); }

document.addEventListener('alpine:init', () => {
  window.Alpine.data('waybill', () => ({
    me: null,
    keyInput: '',
    page: 'board',
    error: '',
    jobStates: JOB_STATES,
    filters: { state: '', subscription: '', resourceGroup: '', name: '' },
    board: { value: [], counts: {}, total: 0, nextLink: null, after: false },
    job: null,
    travel: { instants: [], index: 0, at: '' },
    actions: [],
    completedNote: '',
    calendar: { days: [] },
    calendarDays: 30,
    factTypes: OPERATOR_FACTS,
    factSchemas: {},
    fact: { type: 'PackageArrived', jobId: '', factId: '', values: {} },
    factResult: null,
    incidents: [],
    failedDeliveries: [],
    rules: null,
    ruleIndex: {},
    coverage: null,
    activations: [],
    ruleSearch: '',
    dryRun: null,
    reloadNote: '',
    reloadRetime: false,
    reloadForce: false,
    edit: { file: '', text: '' },
    diagram: { entity: 'job', json: null, svg: '' },

    async start() {
      window.addEventListener('hashchange', () => this.route());
      if (sessionStorage.getItem(KEY)) {
        await this.whoAmI();
      }
      this.route();
    },

    async signIn() {
      const key = this.keyInput.trim();
      this.keyInput = '';
      if (!key) { return; }
      sessionStorage.setItem(KEY, key);
      if (await this.whoAmI()) {
        if (!location.hash || location.hash === '#/') { location.hash = '#/board'; } else { this.route(); }
      }
    },

    signOut(message) {
      sessionStorage.removeItem(KEY);
      this.me = null;
      this.job = null;
      this.rules = null;
      this.factResult = null;
      this.dryRun = null;
      this.error = message || '';
    },

    async whoAmI() {
      const r = await this.api('/ops/me');
      if (r.status !== 200) {
        this.signOut(r.status === 401 ? 'That key is not known to this service.' : this.message(r));
        return false;
      }
      this.me = r.body;
      this.error = '';
      return true;
    },

    async api(path, options) {
      const key = sessionStorage.getItem(KEY);
      const init = Object.assign({ headers: {} }, options || {});
      init.headers = Object.assign({ Authorization: 'Bearer ' + key }, init.headers);
      let res;
      try {
        res = await fetch(path, init);
      } catch (e) {
        return { status: 0, body: { error: { message: 'the service does not answer: ' + e.message } } };
      }
      const type = res.headers.get('Content-Type') || '';
      const body = type.includes('json') ? await res.json() : await res.text();
      if (res.status === 401 && this.me) { this.signOut('The key was refused; sign in again.'); }
      return { status: res.status, body };
    },

    message(r) {
      return r.body && r.body.error ? r.body.error.message : 'the service answered ' + r.status;
    },

    route() {
      if (!this.me) { return; }
      const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
      const slash = hash.indexOf('/');
      const page = slash < 0 ? hash : hash.substring(0, slash);
      const rest = slash < 0 ? '' : hash.substring(slash + 1);
      const staffOnly = ['queue', 'facts', 'rules', 'diagrams'];
      this.error = '';
      if (this.me.role === 'customer' && staffOnly.includes(page)) { location.hash = '#/board'; return; }
      this.page = ['board', 'job', 'queue', 'facts', 'rules', 'diagrams'].includes(page) ? page : 'board';
      if (this.page === 'board') { this.loadBoard(null); this.loadIncidents(); }
      if (this.page === 'job') { this.loadJob(rest, null, true); this.loadIncidents(); }
      if (this.page === 'queue') { this.loadQueue(); this.loadCalendar(); }
      if (this.page === 'facts') { this.loadFactForm(rest); }
      if (this.page === 'rules') { this.loadRules(); }
      if (this.page === 'diagrams') { this.loadDiagram(this.diagram.entity); }
      this.$nextTick(() => { const h = document.querySelector('section:not([style*="none"]) h1'); if (h) { document.title = h.textContent + ' — Waybill'; } });
    },

    when(instant) {
      if (!instant) { return ''; }
      const d = new Date(instant);
      return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' '
        + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ' UTC';
    },

    timeOf(instant) { return this.when(instant).substring(11); },

    shortJob(id) { return id ? id.substring(id.lastIndexOf('/') + 1) : ''; },

    overdue(a) { return a.dueAt && this.calendar.now && new Date(a.dueAt) < new Date(this.calendar.now); },

    // jobs board
    async loadBoard(link) {
      let path = link;
      if (!path) {
        const q = new URLSearchParams();
        for (const [k, v] of Object.entries(this.filters)) { if (v && v.trim()) { q.set(k, v.trim()); } }
        q.set('$top', '50');
        path = '/ops/jobs?' + q.toString();
      }
      const r = await this.api(path);
      if (r.status !== 200) { this.error = this.message(r); return; }
      this.board = Object.assign(r.body, { after: !!link });
    },

    // due timers the rules failed to decide (operators and admins; a customer key is not shown them)
    async loadIncidents() {
      if (!this.me || this.me.role === 'customer') { this.incidents = []; this.failedDeliveries = []; return; }
      const r = await this.api('/ops/incidents');
      this.incidents = r.status === 200 ? r.body.timers : [];
      this.failedDeliveries = r.status === 200 ? r.body.failedDeliveries : [];
    },

    async retryIncident(i) {
      const r = await this.api('/ops/incidents/' + encodeURIComponent(i.id) + '/retry', { method: 'POST' });
      if (r.status !== 200) { this.error = this.message(r); }
      await this.loadIncidents();
      if (this.page === 'job' && this.job) { this.loadJob(this.job.id, null, true); }
    },

    // one job, now or as of an instant
    async loadJob(id, asOf, fresh) {
      if (!id) { return; }
      const r = await this.api('/ops/job?jobId=' + encodeURIComponent(id) + (asOf ? '&asOf=' + encodeURIComponent(asOf) : ''));
      if (r.status !== 200) { this.error = this.message(r); this.job = null; return; }
      this.job = r.body;
      if (fresh) {
        const instants = [...new Set(r.body.history.map(h => h.at))].sort();
        this.travel = { instants, index: instants.length, at: '' };
      }
    },

    travelTo(index) {
      this.travel.index = index;
      const id = this.job.id;
      if (index >= this.travel.instants.length) { this.loadJob(id, null, false); return; }
      this.loadJob(id, this.travel.instants[index], false);
    },

    travelToInstant() {
      if (!this.travel.at) { return; }
      const at = this.travel.at.length === 16 ? this.travel.at + ':00' : this.travel.at;
      this.loadJob(this.job.id, at + 'Z', false);
    },

    addresses() {
      const j = this.job ? this.job.job : {};
      const out = [];
      const text = o => Object.values(o).filter(v => v !== null && v !== '' && typeof v !== 'object').join(', ');
      if (j.returnAddress) { out.push(['Return address', text(j.returnAddress)]); }
      if (j.returnShipping) { out.push(['Return shipping', text(j.returnShipping)]); }
      if (j.deliveryPackage) { out.push(['Delivery package', text(j.deliveryPackage)]); }
      if (j.returnPackage) { out.push(['Return package', text(j.returnPackage)]); }
      if (j.shippingInformation) { out.push(['Data center address', text(j.shippingInformation)]); }
      return out;
    },

    // action queue and calendar
    async loadQueue() {
      const r = await this.api('/ops/actions?status=open');
      if (r.status !== 200) { this.error = this.message(r); return; }
      this.actions = r.body.slice().sort((a, b) => String(a.dueAt || '').localeCompare(String(b.dueAt || '')));
    },

    async complete(a) {
      const r = await this.api('/ops/actions/' + encodeURIComponent(a.id) + '/complete', { method: 'POST' });
      if (r.status !== 200) { this.error = this.message(r); return; }
      this.completedNote = a.type + ' for ' + this.shortJob(a.jobId) + ' completed by ' + r.body.completedBy + '.';
      await this.loadQueue();
      await this.loadCalendar();
    },

    async loadCalendar() {
      const clock = await this.api('/ops/clock');
      const from = clock.status === 200 ? new Date(clock.body.now) : new Date();
      const to = new Date(from.getTime() + this.calendarDays * 86400000);
      const r = await this.api('/ops/calendar?from=' + from.toISOString() + '&to=' + to.toISOString());
      if (r.status !== 200) { this.error = this.message(r); return; }
      this.calendar = r.body;
    },

    // operator facts, fields from the service's own OpenAPI description
    async loadFactForm(jobId) {
      if (jobId) { this.fact.jobId = jobId; }
      if (!Object.keys(this.factSchemas).length) {
        const r = await fetch('/openapi.json');
        const doc = await r.json();
        for (const t of OPERATOR_FACTS) { this.factSchemas[t] = doc.components.schemas[t + 'Fact'] || { properties: {} }; }
      }
      if (!this.rules) { await this.loadRuleIndex(); }
    },

    factFields() {
      const schema = this.factSchemas[this.fact.type];
      if (!schema) { return []; }
      return Object.entries(schema.properties || {}).filter(([n]) => !NOT_FIELDS.includes(n)).map(([name, p]) => {
        const required = (schema.required || []).includes(name);
        const list = p.type === 'array';
        const label = name + (list ? ' (comma-separated)' : '') + (p.type === 'object' ? ' (JSON)' : '') + (required ? ' *' : '');
        return { name, label, options: p.enum || (p.type === 'boolean' ? ['true', 'false'] : null),
          number: p.type === 'integer' || p.type === 'number', list, object: p.type === 'object', kind: p.type };
      });
    },

    factBody() {
      const body = { type: this.fact.type, jobId: this.fact.jobId.trim() };
      if (this.fact.factId.trim()) { body.factId = this.fact.factId.trim(); }
      for (const f of this.factFields()) {
        const v = this.fact.values[f.name];
        if (v === undefined || v === null || String(v).trim() === '') { continue; }
        if (f.list) { body[f.name] = String(v).split(',').map(s => s.trim()).filter(s => s); }
        else if (f.number) { body[f.name] = Number(v); }
        else if (f.kind === 'boolean') { body[f.name] = v === 'true'; }
        else if (f.object) { try { body[f.name] = JSON.parse(v); } catch (e) { body[f.name] = v; } }
        else { body[f.name] = String(v).trim(); }
      }
      return body;
    },

    async submitFact(dry) {
      const r = await this.api('/ops/facts' + (dry ? '?dryRun=true' : ''), {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(this.factBody()) });
      const verb = dry ? 'Dry run' : 'Submitted';
      if (r.status === 200) {
        this.factResult = { title: verb + ': accepted' + (dry ? ' (nothing was changed)' : ''), decision: r.body, refusals: [] };
        return;
      }
      const err = r.body && r.body.error ? r.body.error : { message: 'the service answered ' + r.status, details: [] };
      const refusals = (err.details && err.details.length ? err.details : [{ message: err.message, target: err.target }])
        .map(d => ({ reason: d.message, rule: d.target || '', at: this.ruleIndex[d.target] || '' }));
      this.factResult = { title: verb + ': refused (' + err.code + ')', decision: r.body.decision || null, refusals };
    },

    // rules
    async loadRuleIndex() {
      const r = await this.api('/ops/rules');
      if (r.status !== 200) { this.error = this.message(r); return; }
      this.rules = r.body;
      this.ruleIndex = {};
      for (const x of r.body.rules) { this.ruleIndex[x.name] = x.file + ':' + x.line; }
    },

    async loadRules() {
      await this.loadRuleIndex();
      const c = await this.api('/ops/rules/coverage');
      if (c.status === 200) { this.coverage = c.body; }
      const h = await this.api('/ops/rules/history');
      if (h.status === 200) { this.activations = h.body.activations; }
    },

    showDryRun(r) {
      if (r.status === 200) {
        this.dryRun = { summary: r.body.summary, lines: r.body.report ? this.reportLines(r.body.report) : [],
          retimed: r.body.report ? r.body.report.retimed : null };
      } else {
        const e = r.body.error || {};
        this.dryRun = { summary: 'refused: ' + (e.message || r.status), lines: (r.body.errors || e.details || []).map(x => (x.file ? x.file + ':' + x.line + ': ' : '') + (x.message || '')) };
      }
    },

    reportLines(report) {
      const lines = [];
      for (const f of report.fixtureDifferences || []) { lines.push('fixture ' + f.file + ' step ' + f.step + ': ' + f.changes.join('; ')); }
      for (const j of report.jobDifferences || []) { lines.push('job ' + j.jobId + ': ' + j.changes.join('; ')); }
      for (const f of report.fixtureFailures || []) { lines.push('fails ' + (f.file || '') + ' step ' + f.step + ': ' + (f.what || f.message || JSON.stringify(f))); }
      return lines;
    },

    async dryRunFolder() {
      this.dryRun = { summary: 'running…', lines: [] };
      this.showDryRun(await this.api('/ops/rules/dry-run', { method: 'POST' }));
    },

    async loadFile() {
      if (!this.edit.file) { this.edit.text = ''; return; }
      const r = await this.api('/ops/rules/file?name=' + encodeURIComponent(this.edit.file));
      this.edit.text = r.status === 200 ? r.body : '';
    },

    async dryRunEdit() {
      this.dryRun = { summary: 'running…', lines: [] };
      const files = {};
      files[this.edit.file] = this.edit.text;
      this.showDryRun(await this.api('/ops/rules/dry-run', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ files }) }));
    },

    async reload() {
      this.reloadNote = 'reloading…';
      const query = [this.reloadForce ? 'force=true' : '', this.reloadRetime ? 'retime=true' : ''].filter(x => x).join('&');
      const r = await this.api('/ops/rules/reload' + (query ? '?' + query : ''), { method: 'POST' });
      this.reloadNote = r.status === 200
        ? (r.body.activated ? 'Activated revision ' + r.body.revision + '.' + (this.reloadRetime ? ' The open jobs\' deadlines are moving.' : '') : r.body.message)
        : 'Refused: ' + this.message(r);
      await this.loadRules();
      // a retime runs behind serving: follow its progress until it ends
      for (let i = 0; i < 120 && r.status === 200 && this.reloadRetime && this.rules && this.rules.retime
          && ['planning', 'moving'].includes(this.rules.retime.state); i++) {
        await new Promise(done => setTimeout(done, 500));
        await this.loadRuleIndex();
      }
    },

    shiftOf(m, at) {
      return m.shift + (at && m.to < at ? ' (already past: fires at the next sweep)' : '');
    },

    // diagrams
    async loadDiagram(entity) {
      this.diagram.entity = entity;
      const [svg, json] = await Promise.all([
        this.api('/ops/rules/diagram?entity=' + entity),
        this.api('/ops/rules/diagram?entity=' + entity + '&format=json')]);
      if (svg.status !== 200 || json.status !== 200) { this.error = this.message(svg.status !== 200 ? svg : json); return; }
      this.diagram.json = json.body;
      this.diagram.svg = svg.body;
      const doc = new DOMParser().parseFromString(svg.body, 'image/svg+xml');
      const holder = this.$refs.diagram;
      holder.replaceChildren(document.importNode(doc.documentElement, true));
    },

    downloadSvg() {
      const url = URL.createObjectURL(new Blob([this.diagram.svg], { type: 'image/svg+xml' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'waybill-' + this.diagram.entity + '-states.svg';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  }));
});
