package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The message types this kernel knows, in one table: each wire name with its content record and,
 * for a request, the type of its reply. A reply is declared above the request that names it.
 *
 * @param <C> the content record
 */
public final class MessageType<C> {
    private static final Map<String, MessageType<?>> BY_WIRE_NAME = new LinkedHashMap<>();
    private static final String REQUEST_SUFFIX = "_request";

    // Shell and control: requests and their replies.
    public static final MessageType<KernelInfoReply> KERNEL_INFO_REPLY = sent("kernel_info_reply");
    public static final MessageType<KernelInfoRequest> KERNEL_INFO_REQUEST = received("kernel_info_request", KernelInfoRequest::read, KERNEL_INFO_REPLY);
    public static final MessageType<ExecuteReply> EXECUTE_REPLY = sent("execute_reply");
    public static final MessageType<ExecuteRequest> EXECUTE_REQUEST = received("execute_request", ExecuteRequest::read, EXECUTE_REPLY);
    public static final MessageType<CompleteReply> COMPLETE_REPLY = sent("complete_reply");
    public static final MessageType<CompleteRequest> COMPLETE_REQUEST = received("complete_request", CompleteRequest::read, COMPLETE_REPLY);
    public static final MessageType<InspectReply> INSPECT_REPLY = sent("inspect_reply");
    public static final MessageType<InspectRequest> INSPECT_REQUEST = received("inspect_request", InspectRequest::read, INSPECT_REPLY);
    public static final MessageType<IsCompleteReply> IS_COMPLETE_REPLY = sent("is_complete_reply");
    public static final MessageType<IsCompleteRequest> IS_COMPLETE_REQUEST = received("is_complete_request", IsCompleteRequest::read, IS_COMPLETE_REPLY);
    public static final MessageType<HistoryReply> HISTORY_REPLY = sent("history_reply");
    public static final MessageType<HistoryRequest> HISTORY_REQUEST = received("history_request", HistoryRequest::read, HISTORY_REPLY);
    public static final MessageType<CommInfoReply> COMM_INFO_REPLY = sent("comm_info_reply");
    public static final MessageType<CommInfoRequest> COMM_INFO_REQUEST = received("comm_info_request", CommInfoRequest::read, COMM_INFO_REPLY);
    public static final MessageType<InterruptReply> INTERRUPT_REPLY = sent("interrupt_reply");
    public static final MessageType<InterruptRequest> INTERRUPT_REQUEST = received("interrupt_request", InterruptRequest::read, INTERRUPT_REPLY);
    public static final MessageType<ShutdownReply> SHUTDOWN_REPLY = sent("shutdown_reply");
    public static final MessageType<ShutdownRequest> SHUTDOWN_REQUEST = received("shutdown_request", ShutdownRequest::read, SHUTDOWN_REPLY);

    // Comms: no replies (comm_close also goes out, on IOPub).
    public static final MessageType<CommOpen> COMM_OPEN = received("comm_open", CommOpen::read);
    public static final MessageType<CommMsg> COMM_MSG = received("comm_msg", CommMsg::read);
    public static final MessageType<CommClose> COMM_CLOSE = received("comm_close", CommClose::read);

    // Stdin: the kernel asks, the frontend answers.
    public static final MessageType<InputRequest> INPUT_REQUEST = sent("input_request");
    public static final MessageType<InputReply> INPUT_REPLY = received("input_reply", InputReply::read);

    // IOPub.
    public static final MessageType<Status> STATUS = sent("status");
    public static final MessageType<Stream> STREAM = sent("stream");
    public static final MessageType<ExecuteInput> EXECUTE_INPUT = sent("execute_input");
    public static final MessageType<ExecuteResult> EXECUTE_RESULT = sent("execute_result");
    public static final MessageType<DisplayData> DISPLAY_DATA = sent("display_data");
    public static final MessageType<DisplayData> UPDATE_DISPLAY_DATA = sent("update_display_data");
    public static final MessageType<ClearOutput> CLEAR_OUTPUT = sent("clear_output");
    public static final MessageType<ErrorOutput> ERROR = sent("error");

    private final String wireName;
    private final Function<JsonObject, C> reader;
    private final MessageType<?> reply;

    private MessageType(String wireName, Function<JsonObject, C> reader, MessageType<?> reply) {
        this.wireName = wireName;
        this.reader = reader;
        this.reply = reply;
    }

    /** A type only the kernel sends; its content type comes from the constant it initialises. */
    private static <C> MessageType<C> sent(String wireName) {
        return add(new MessageType<>(wireName, null, null));
    }

    /** A type the kernel receives and does not answer. */
    private static <C> MessageType<C> received(String wireName, Function<JsonObject, C> reader) {
        return add(new MessageType<>(wireName, reader, null));
    }

    /** A request: its reader and the type of its reply. */
    private static <C> MessageType<C> received(String wireName, Function<JsonObject, C> reader, MessageType<?> reply) {
        return add(new MessageType<>(wireName, reader, reply));
    }

    private static <C> MessageType<C> add(MessageType<C> type) {
        if (BY_WIRE_NAME.put(type.wireName, type) != null) {
            throw new IllegalStateException("message type " + type.wireName + " is in the table twice");
        }
        return type;
    }

    /** The type named {@code wireName}, or null when this kernel does not know it. */
    public static MessageType<?> of(String wireName) {
        return BY_WIRE_NAME.get(wireName);
    }

    /** Every known type, in table order. */
    public static Collection<MessageType<?>> all() {
        return Collections.unmodifiableCollection(BY_WIRE_NAME.values());
    }

    /**
     * The reply name of a request this kernel does not know: the protocol names the reply of every
     * {@code x_request} {@code x_reply}, so even an unknown request gets an error reply its sender
     * waits for. Null when {@code wireName} is not a request.
     */
    public static String replyNameOfUnknown(String wireName) {
        return wireName.endsWith(REQUEST_SUFFIX)
                ? wireName.substring(0, wireName.length() - REQUEST_SUFFIX.length()) + "_reply" : null;
    }

    /** The name on the wire, e.g. {@code execute_request}. */
    public String wireName() {
        return wireName;
    }

    /** The type of this request's reply, or null when none is sent (comms, replies, IOPub). */
    public MessageType<?> reply() {
        return reply;
    }

    /** Whether {@code message} is of this type. */
    public boolean is(Message message) {
        return wireName.equals(message.type());
    }

    /**
     * Reads a content frame of this type.
     *
     * @throws UnsupportedOperationException for a type the kernel only sends
     */
    public C read(JsonObject content) {
        if (reader == null) {
            throw new UnsupportedOperationException(wireName + " is only sent by the kernel");
        }
        return reader.apply(content);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
