package waybill.drive;

/** The states of one drive, as the REST API spells them. */
public enum DriveState {
    Specified,
    Received,
    NeverReceived,
    Transferring,
    Completed,
    CompletedMoreInfo,
    ShippedBack,
    Faulted
}
