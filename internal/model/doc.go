// Package model holds tizim's domain: the records of the archive (persons, relations,
// testimonies, evidence, sources, events, places, facilities, organisations, officials,
// actions, consents), their controlled vocabularies, partial dates, and validation.
//
// It has no I/O and imports nothing of tizim's own. It does not decide what is public: that
// is package access, computed from the Consent records kept here.
package model
