package waybill.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The names of a job's deadlines. The rules name a deadline by its constant, so a misspelt name fails to
 * compile; stored jobs, decisions, the API and the fixture files keep the wire spelling ({@code
 * package-arrival}).
 */
public enum DeadlineName {
    /** A job left in Creating is deleted (creating.drl). */
    CreatingExpiry("creating-expiry"),
    /** A Shipping job's package is due (shipping.drl). */
    PackageArrival("package-arrival"),
    /** The customer told of a missing package is due to answer (shipping.drl). */
    MissingPackageResponse("missing-package-response"),
    /** Drives held at the data center are returned if the customer is not reached (arrivals.drl). */
    HeldDrivesContact("held-drives-contact"),
    /** Drives held at the data center that could not be returned are destroyed (arrivals.drl). */
    HeldDrivesDestroy("held-drives-destroy"),
    /** Drives waiting for a correct return address are destroyed (addresses.drl). */
    AddressDestroy("address-destroy"),
    /** An ended job is deleted (retention.drl). */
    Retention("retention");

    private final String wire;

    DeadlineName(String wire) {
        this.wire = wire;
    }

    /** The name as stored and shown: {@code package-arrival}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The deadline a wire name spells; a name no rule knows is refused with the known ones listed. */
    @JsonCreator
    public static DeadlineName fromWire(String wire) {
        for (DeadlineName n : values()) {
            if (n.wire.equals(wire)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown deadline name '" + wire + "': expected one of "
                + Arrays.stream(values()).map(DeadlineName::wire).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wire;
    }
}
