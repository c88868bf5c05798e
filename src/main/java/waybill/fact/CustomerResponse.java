package waybill.fact;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a customer may answer operations, spelt as the API takes it ({@code "response": "ExtendWait"}).
 * The rules name a response by its constant, so a misspelt one fails to compile.
 */
public enum CustomerResponse {
    /** Wait longer (extendDays) for a package reported missing. */
    ExtendWait,
    /** Cancel the job. */
    Cancel,
    /** The return address that was reported wrong is corrected. */
    AddressCorrected,
    /** The customer created or updated the job that drives held at the data center wait for. */
    JobUpdated,
    /** Export drives never reached the return address, or arrived damaged. */
    ReturnNotReceived;

    /** The response a spelling names, if it names one. */
    public static Optional<CustomerResponse> of(String spelling) {
        return Arrays.stream(values()).filter(r -> r.name().equals(spelling)).findFirst();
    }

    /** The spellings, for messages: "ExtendWait, Cancel, ... or ReturnNotReceived". */
    public static String spellings() {
        String all = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
