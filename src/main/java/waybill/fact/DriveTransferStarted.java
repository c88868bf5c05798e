package waybill.fact;

/** Copying between a drive and storage began. */
public class DriveTransferStarted extends Fact implements DriveFact {
    private String driveId;

    public String getDriveId() {
        return driveId;
    }

    public void setDriveId(String v) {
        driveId = v;
    }
}
