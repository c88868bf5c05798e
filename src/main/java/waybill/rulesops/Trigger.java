package waybill.rulesops;

/** What activated a rulebook: the service starting, the watched folder, {@code POST /ops/rules/reload}, or that call with {@code force=true}. */
public enum Trigger { start, watch, api, forced }
