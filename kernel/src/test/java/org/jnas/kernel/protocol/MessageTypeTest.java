package org.jnas.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageTypeTest {
    @Test
    void everyRequestInTheTableHasTheReplyTheProtocolNames() {
        int requests = 0;
        for (MessageType<?> type : MessageType.all()) {
            assertSame(type, MessageType.of(type.wireName()));
            if (type.wireName().endsWith("_request") && type != MessageType.INPUT_REQUEST) {
                requests++;
                assertEquals(MessageType.replyNameOfUnknown(type.wireName()), type.reply().wireName(), type.wireName());
            }
        }
        assertEquals(9, requests);
        assertNull(MessageType.COMM_OPEN.reply(), "comms are not answered");
    }

    @Test
    void unknownNamesAreNotInTheTableAndOnlyRequestsGetAReplyName() {
        assertNull(MessageType.of("no_such_request"));
        assertEquals("no_such_reply", MessageType.replyNameOfUnknown("no_such_request"));
        assertNull(MessageType.replyNameOfUnknown("no_such_thing"));
    }

    @Test
    void readersFillTheProtocolsDefaults() {
        ExecuteRequest loud = MessageType.EXECUTE_REQUEST.read(Json.obj().put("code", "1").build());
        assertEquals(new ExecuteRequest("1", false, true, false, true), loud);
        ExecuteRequest silent = MessageType.EXECUTE_REQUEST.read(Json.obj().put("silent", true).build());
        assertFalse(silent.storeHistory(), "a silent request is not stored unless it asks");
        assertEquals(3, MessageType.COMPLETE_REQUEST.read(Json.obj().put("code", "a😀b").build()).cursorPos(),
                "the cursor defaults to the end, in code points");
        assertEquals(10, MessageType.HISTORY_REQUEST.read(Json.obj().build()).n());
        assertEquals(0, MessageType.HISTORY_REQUEST.read(Json.obj().put("hist_access_type", "search").build()).n());
        assertThrows(UnsupportedOperationException.class, () -> MessageType.STATUS.read(Json.obj().build()));
    }

    @Test
    void contentsWriteTheWireForm() {
        assertEquals("{\"status\":\"aborted\",\"execution_count\":3}", ExecuteReply.aborted(3).toJson().toString());
        assertEquals("{\"status\":\"error\",\"ename\":\"E\",\"evalue\":\"v\",\"traceback\":[\"t\"],\"execution_count\":4}",
                ExecuteReply.error(4, "E", "v", java.util.List.of("t")).toJson().toString());
        assertTrue(ExecuteReply.ok(5, java.util.List.of("doc")).toJson().toString()
                .contains("\"payload\":[{\"source\":\"page\",\"start\":0,\"data\":{\"text/plain\":\"doc\"}}]"));
        assertEquals("{\"status\":\"complete\"}", new IsCompleteReply("complete", "").toJson().toString());
        assertEquals("{\"status\":\"incomplete\",\"indent\":\"    \"}", new IsCompleteReply("incomplete", "    ").toJson().toString());
    }
}
