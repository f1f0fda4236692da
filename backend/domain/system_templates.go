package domain

// SystemTemplate is the text template of a system notice kind (a
// WebMessageInfo stub type name, or one of the notice kinds the converter
// makes of messages), and whether the kind has one of its own.
func SystemTemplate(kind string) (string, bool) {
	switch kind {
	case "REVOKE":
		return "This message was deleted", true
	case "ADMIN_REVOKE":
		return "This message was deleted by an admin", true
	case "CIPHERTEXT":
		return "Waiting for this message. This may take a while.", true
	case "E2E_ENCRYPTED", "E2E_ENCRYPTED_NOW":
		return "Messages are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.", true
	case "GROUP_CREATE":
		return `{actor} created group "{0}"`, true
	case "GROUP_CHANGE_SUBJECT":
		return `{actor} changed the group name to "{0}"`, true
	case "GROUP_CHANGE_ICON":
		return "{actor} changed this group's icon", true
	case "GROUP_CHANGE_DESCRIPTION":
		return "{actor} changed the group description", true
	case "GROUP_CHANGE_INVITE_LINK":
		return "{actor} reset this group's invite link", true
	case "GROUP_CHANGE_RESTRICT":
		return "{actor} changed who can edit this group's settings", true
	case "GROUP_CHANGE_ANNOUNCE":
		return "{actor} changed who can send messages to this group", true
	case "GROUP_MEMBER_ADD_MODE":
		return "{actor} changed who can add members to this group", true
	case "GROUP_PARTICIPANT_ADD":
		return "{actor} added {targets}", true
	case "GROUP_PARTICIPANT_REMOVE":
		return "{actor} removed {targets}", true
	case "GROUP_PARTICIPANT_PROMOTE":
		return "{actor} made {targets} an admin", true
	case "GROUP_PARTICIPANT_DEMOTE":
		return "{actor} dismissed {targets} as admin", true
	case "GROUP_PARTICIPANT_INVITE":
		return "{targets} joined using this group's invite link", true
	case "GROUP_PARTICIPANT_LEAVE":
		return "{targets} left", true
	case "GROUP_PARTICIPANT_ACCEPT", "GROUP_PARTICIPANT_LINKED_GROUP_JOIN":
		return "{targets} joined", true
	case "GROUP_PARTICIPANT_ADD_REQUEST_JOIN", "GROUP_MEMBERSHIP_JOIN_APPROVAL_REQUEST":
		return "{targets} requested to join", true
	case "GROUP_PARTICIPANT_CHANGE_NUMBER", "INDIVIDUAL_CHANGE_NUMBER":
		return "{actor} changed their phone number to a new number", true
	case "GROUP_DELETE":
		return "{actor} deleted this group", true
	case "CALL_MISSED_VOICE":
		return "Missed voice call", true
	case "CALL_MISSED_VIDEO":
		return "Missed video call", true
	case "CALL_MISSED_GROUP_VOICE":
		return "Missed group voice call", true
	case "CALL_MISSED_GROUP_VIDEO":
		return "Missed group video call", true
	case "SILENCED_UNKNOWN_CALLER_AUDIO":
		return "Silenced voice call from an unknown caller", true
	case "SILENCED_UNKNOWN_CALLER_VIDEO":
		return "Silenced video call from an unknown caller", true
	case "CHANGE_EPHEMERAL_SETTING":
		return "{actor} changed the disappearing messages setting", true
	case "E2E_IDENTITY_CHANGED", "E2E_DEVICE_CHANGED":
		return "{actor}'s security code changed", true
	case "BLOCK_CONTACT":
		return "You blocked this contact", true
	case "PIN_MESSAGE", "PINNED_MESSAGE_IN_CHAT":
		return "{actor} pinned a message", true
	case "UNPIN_MESSAGE":
		return "{actor} unpinned a message", true
	case "KEEP_MESSAGE", "EPHEMERAL_KEEP_IN_CHAT":
		return "{actor} kept a message", true
	case "UNKEEP_MESSAGE":
		return "{actor} unkept a message", true
	case "PLACEHOLDER":
		return "This message is only on your phone: open it on your phone", true
	case "MESSAGE_HISTORY_NOTICE":
		return "{actor} shared recent messages with this group", true
	case "EVENT_UPDATED":
		return "{actor} updated the event", true
	case "EVENT_CANCELED":
		return "{actor} canceled the event", true
	case "SCHEDULED_CALL_CANCEL":
		return "{actor} canceled the scheduled call", true
	case "SCHEDULED_CALL_START_MESSAGE":
		return "The scheduled call started", true
	case "CHANGE_USERNAME":
		return "{actor} changed their username", true
	case "STATUS_MENTION":
		return "{actor} mentioned this group in their status", true
	case "VIEWED_ONCE":
		return "View once message opened", true
	case "COMMUNITY_CREATE":
		return "{actor} created this community", true
	}
	return "", false
}
