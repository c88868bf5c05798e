package waybill.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import waybill.drive.Drive;
import waybill.drive.DriveState;
import waybill.drive.Drives;

/**
 * A job as the rules see it and the store keeps it: the customer's properties (the REST API's
 * JobDetails, flattened), its drives, and what the rules keep about it (deadlines, drives held at the
 * data center, extra drives, the state a fault interrupted).
 *
 * <p>A job that exists only because a package arrived for it ({@code registered == false}) has no
 * state: the customer has not created it, and the Jobs API does not show it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Job {
    private String id;
    private String subscriptionId;
    private String resourceGroup;
    private String name;
    private String location;
    private Map<String, String> tags;
    private boolean registered;
    private JobState state;
    private JobType jobType;
    private String storageAccountId;
    private ReturnAddress returnAddress;
    private ReturnShipping returnShipping;
    private ShippingInformation shippingInformation;
    private PackageInformation deliveryPackage;
    private PackageInformation returnPackage;
    private String diagnosticsPath;
    private String logLevel;
    private Boolean backupDriveManifest;
    private boolean cancelRequested;
    private int percentComplete;
    private String incompleteBlobListUri;
    private Export export;
    private EncryptionKey encryptionKey;
    private List<Drive> drives = new ArrayList<>();
    private List<String> heldDriveIds = new ArrayList<>();
    private List<String> extraDriveIds = new ArrayList<>();
    private List<Deadline> deadlines = new ArrayList<>();
    private List<DeadlineName> pausedTimers = new ArrayList<>();
    private JobState faultedFrom;
    private String faultReason;
    private boolean returnAddressInvalid;
    private Instant createdAt;
    private Instant lastModifiedAt;
    private long version;

    @JsonIgnore
    private transient StateLog log;

    public Job() {}

    /** A job known only by its id: the empty record a package for an unknown job starts from. */
    public static Job unregistered(String id) {
        Job job = new Job();
        job.id = id;
        JobId.parse(id).ifPresent(parsed -> {
            job.subscriptionId = parsed.subscriptionId();
            job.resourceGroup = parsed.resourceGroup();
            job.name = parsed.name();
        });
        return job;
    }

    /** A deep copy: the engine decides on a copy, so a refused fact leaves the original untouched. */
    public Job copy() {
        Job j = new Job();
        j.id = id;
        j.subscriptionId = subscriptionId;
        j.resourceGroup = resourceGroup;
        j.name = name;
        j.location = location;
        j.tags = tags == null ? null : new LinkedHashMap<>(tags);
        j.registered = registered;
        j.state = state;
        j.jobType = jobType;
        j.storageAccountId = storageAccountId;
        j.returnAddress = returnAddress;
        j.returnShipping = returnShipping;
        j.shippingInformation = shippingInformation;
        j.deliveryPackage = deliveryPackage;
        j.returnPackage = returnPackage;
        j.diagnosticsPath = diagnosticsPath;
        j.logLevel = logLevel;
        j.backupDriveManifest = backupDriveManifest;
        j.cancelRequested = cancelRequested;
        j.percentComplete = percentComplete;
        j.incompleteBlobListUri = incompleteBlobListUri;
        j.export = export;
        j.encryptionKey = encryptionKey;
        j.drives = new ArrayList<>(drives.size());
        for (Drive d : drives) {
            j.drives.add(d.copy());
        }
        j.heldDriveIds = new ArrayList<>(heldDriveIds);
        j.extraDriveIds = new ArrayList<>(extraDriveIds);
        j.deadlines = new ArrayList<>(deadlines.size());
        for (Deadline d : deadlines) {
            j.deadlines.add(d.copy());
        }
        j.pausedTimers = new ArrayList<>(pausedTimers);
        j.faultedFrom = faultedFrom;
        j.faultReason = faultReason;
        j.returnAddressInvalid = returnAddressInvalid;
        j.createdAt = createdAt;
        j.lastModifiedAt = lastModifiedAt;
        j.version = version;
        return j;
    }

    public Optional<Drive> drive(String driveId) {
        return drives.stream().filter(d -> d.getDriveId().equals(driveId)).findFirst();
    }

    /** Adds a drive in a state (recorded as a transition from none) and returns it, for the rules to insert. */
    public Drive addDrive(String driveId, DriveState state) {
        Drive d = new Drive(driveId, null);
        d.attach(log);
        d.setState(state);
        drives.add(d);
        return d;
    }

    /** The ids of the job's drives in one of the states. */
    public List<String> driveIds(DriveState... states) {
        return Drives.idsIn(drives, states);
    }

    /** A new drive list replaces the drives named before, all Specified; returns the drives that left. */
    public List<Drive> replaceDrivesByRequested() {
        return Drives.replaceByRequested(drives);
    }

    public boolean hasDrive(String driveId) {
        return drive(driveId).isPresent();
    }

    /** The earliest pending deadline, if any: when the job's next timer fires. */
    public Optional<Deadline> nextDeadline() {
        Deadline next = null;
        for (Deadline d : deadlines) {
            if (next == null || d.getAt().isBefore(next.getAt())) {
                next = d;
            }
        }
        return Optional.ofNullable(next);
    }

    /** The storage account's name: the last segment of storageAccountId. */
    @JsonIgnore
    public String getStorageAccountName() {
        if (storageAccountId == null) {
            return null;
        }
        return storageAccountId.substring(storageAccountId.lastIndexOf('/') + 1);
    }

    public String getId() {
        return id;
    }

    public void setId(String v) {
        id = v;
    }

    public String getSubscriptionId() {
        return subscriptionId;
    }

    public void setSubscriptionId(String v) {
        subscriptionId = v;
    }

    public String getResourceGroup() {
        return resourceGroup;
    }

    public void setResourceGroup(String v) {
        resourceGroup = v;
    }

    public String getName() {
        return name;
    }

    public void setName(String v) {
        name = v;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String v) {
        location = v;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> v) {
        tags = v;
    }

    public boolean isRegistered() {
        return registered;
    }

    public void setRegistered(boolean v) {
        registered = v;
    }

    public JobState getState() {
        return state;
    }

    public void setState(JobState to) {
        if (log != null && to != state) {
            log.job(state, to);
        }
        state = to;
    }

    public JobType getJobType() {
        return jobType;
    }

    public void setJobType(JobType v) {
        jobType = v;
    }

    public String getStorageAccountId() {
        return storageAccountId;
    }

    public void setStorageAccountId(String v) {
        storageAccountId = v;
    }

    public ReturnAddress getReturnAddress() {
        return returnAddress;
    }

    public void setReturnAddress(ReturnAddress v) {
        returnAddress = v;
    }

    public ReturnShipping getReturnShipping() {
        return returnShipping;
    }

    public void setReturnShipping(ReturnShipping v) {
        returnShipping = v;
    }

    public ShippingInformation getShippingInformation() {
        return shippingInformation;
    }

    public void setShippingInformation(ShippingInformation v) {
        shippingInformation = v;
    }

    public PackageInformation getDeliveryPackage() {
        return deliveryPackage;
    }

    public void setDeliveryPackage(PackageInformation v) {
        deliveryPackage = v;
    }

    public PackageInformation getReturnPackage() {
        return returnPackage;
    }

    public void setReturnPackage(PackageInformation v) {
        returnPackage = v;
    }

    public String getDiagnosticsPath() {
        return diagnosticsPath;
    }

    public void setDiagnosticsPath(String v) {
        diagnosticsPath = v;
    }

    public String getLogLevel() {
        return logLevel;
    }

    public void setLogLevel(String v) {
        logLevel = v;
    }

    public Boolean getBackupDriveManifest() {
        return backupDriveManifest;
    }

    public void setBackupDriveManifest(Boolean v) {
        backupDriveManifest = v;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public void setCancelRequested(boolean v) {
        cancelRequested = v;
    }

    public int getPercentComplete() {
        return percentComplete;
    }

    public void setPercentComplete(int v) {
        percentComplete = v;
    }

    public String getIncompleteBlobListUri() {
        return incompleteBlobListUri;
    }

    public void setIncompleteBlobListUri(String v) {
        incompleteBlobListUri = v;
    }

    public Export getExport() {
        return export;
    }

    public void setExport(Export v) {
        export = v;
    }

    public EncryptionKey getEncryptionKey() {
        return encryptionKey;
    }

    public void setEncryptionKey(EncryptionKey v) {
        encryptionKey = v;
    }

    public List<Drive> getDrives() {
        return drives;
    }

    public void setDrives(List<Drive> v) {
        drives = v == null ? new ArrayList<>() : v;
    }

    public List<String> getHeldDriveIds() {
        return heldDriveIds;
    }

    public void setHeldDriveIds(List<String> v) {
        heldDriveIds = v == null ? new ArrayList<>() : v;
    }

    public List<String> getExtraDriveIds() {
        return extraDriveIds;
    }

    public void setExtraDriveIds(List<String> v) {
        extraDriveIds = v == null ? new ArrayList<>() : v;
    }

    public List<Deadline> getDeadlines() {
        return deadlines;
    }

    public void setDeadlines(List<Deadline> v) {
        deadlines = v == null ? new ArrayList<>() : v;
    }
    /** Timers that fell due while the job was Faulted: they fire again once the fault is resolved. */
    public List<DeadlineName> getPausedTimers() {
        return pausedTimers;
    }

    public void setPausedTimers(List<DeadlineName> v) {
        pausedTimers = v == null ? new ArrayList<>() : v;
    }

    public JobState getFaultedFrom() {
        return faultedFrom;
    }

    public void setFaultedFrom(JobState v) {
        faultedFrom = v;
    }

    public String getFaultReason() {
        return faultReason;
    }

    public void setFaultReason(String v) {
        faultReason = v;
    }

    public boolean isReturnAddressInvalid() {
        return returnAddressInvalid;
    }

    public void setReturnAddressInvalid(boolean v) {
        returnAddressInvalid = v;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant v) {
        createdAt = v;
    }

    public Instant getLastModifiedAt() {
        return lastModifiedAt;
    }

    public void setLastModifiedAt(Instant v) {
        lastModifiedAt = v;
    }

    public long getVersion() {
        return version;
    }

    public void setVersion(long v) {
        version = v;
    }

    public void attach(StateLog log) {
        this.log = log;
        for (Drive d : drives) {
            d.attach(log);
        }
    }
}
