package waybill.job;

/** The states of an Import/Export job, as the REST API spells them. */
public enum JobState {
    Creating,
    Shipping,
    Received,
    Transferring,
    Packaging,
    Completed,
    Closed,
    Faulted
}
