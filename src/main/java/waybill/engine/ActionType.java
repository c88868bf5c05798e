package waybill.engine;

/** The kinds of work the rules hand to operations. */
public enum ActionType {
    NotifyOperators,
    NotifyCustomer,
    ContactCustomer,
    ReturnDrives,
    ReturnExtraDrives,
    DestroyDrives
}
