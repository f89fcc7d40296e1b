// What the Colyseus SDK's schema decoder prints when it cannot apply a patch ("@colyseus/schema:
// definition mismatch", '"refId" not found', "decode.utf8Read(): Invalid byte", and the "Please
// report this issue" that follows some): it only warns and carries on, and the client's state is
// wrong from then on. Room tests, browser tests and the load bench treat it as a failure.
export const DECODER_WARNING = /^(@colyseus\/schema:|"refId" not found|decode\.|Please report this issue)/;
