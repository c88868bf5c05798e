package waybill.job;

public enum JobType {
    Import,
    Export
}
