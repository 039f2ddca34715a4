package search

import (
	"strings"
	"sync"
	gounicode "unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/chorus-forum/chorus/forum/cluster"
)

// Cluster detection compares reports across German and English: when a
// firmware update breaks a router, half the customers write "WLAN bricht
// ständig ab" and half "Wi-Fi keeps dropping". The index analyses each
// language apart (its stems differ: the German analyser turns "Router"
// into "rout", the English one keeps "router"), so for clusters every
// report goes through one language-neutral analysis instead: lower case,
// umlauts folded, compounds split with the German dictionary, the stop
// words of both languages dropped, a light suffix strip both languages
// share, and a small bilingual glossary that maps the words of common
// support problems in either language to one concept ("wlan", "wi-fi" and
// "wireless" are all "wifi").

// ReportTerms analyses a report's title and body for cluster detection.
// The title counts twice: it is what the person thinks the problem is.
func (ix *Index) ReportTerms(title, body string) cluster.Terms {
	return ReportTerms(title, body)
}

// ReportTerms is Index.ReportTerms without an index, for the evaluation.
func ReportTerms(title, body string) cluster.Terms {
	rt := cluster.Terms{Counts: map[string]float64{}, Words: map[string]string{}}
	if len(body) > mltBodyChars {
		body = body[:cutAt(body, mltBodyChars)]
	}
	neutral.add(rt, title, 2)
	neutral.add(rt, plainText(body), 1)
	for _, c := range extractCodes(title + "\n" + body) {
		if _, ok := rt.Counts[c]; !ok {
			rt.Counts[c] = 1
			rt.Words[c] = c
		}
	}
	return rt
}

// neutralAnalysis holds what the analysis needs, built once.
type neutralAnalysis struct {
	once     sync.Once
	stop     analysis.TokenMap
	compound *compoundFilter
	concept  map[string]string // stem → concept
}

var neutral neutralAnalysis

func (n *neutralAnalysis) init() {
	n.once.Do(func() {
		n.stop = analysis.NewTokenMap()
		// The Snowball lists parse without error; they are Bleve's own.
		_ = n.stop.LoadBytes(en.EnglishStopWords)
		_ = n.stop.LoadBytes(de.GermanStopWords)
		for _, w := range reportStopWords {
			n.stop.AddToken(w)
		}
		dict := analysis.NewTokenMap()
		for _, w := range ShippedWords() {
			dict.AddToken(normalizeGerman(w))
		}
		n.compound = &compoundFilter{dict: dict, min: minSubword}
		n.concept = map[string]string{}
		for concept, forms := range glossary {
			for _, f := range strings.Fields(forms) {
				n.concept[neutralStem(normalizeGerman(f))] = concept
			}
			n.concept[neutralStem(normalizeGerman(concept))] = concept
		}
	})
}

// add counts the terms of text, each weight times.
func (n *neutralAnalysis) add(rt cluster.Terms, text string, weight float64) {
	n.init()
	lower := strings.ToLower(text)
	// "Wi-Fi" and "e-mail" are one word to a person but two to the
	// tokenizer.
	lower = hyphenWords.Replace(lower)
	toks := words(lower)
	for _, t := range toks {
		t.Term = []byte(normalizeGerman(string(t.Term)))
	}
	toks = n.compound.Filter(toks)
	for _, t := range toks {
		w := string(t.Term)
		if _, stop := n.stop[w]; stop || !usefulWord(w) {
			continue
		}
		term := neutralStem(w)
		if c, ok := n.concept[term]; ok {
			term = c
		}
		rt.Counts[term] += weight
		if _, ok := rt.Words[term]; !ok {
			rt.Words[term] = lower[t.Start:t.End]
		}
	}
}

var hyphenWords = strings.NewReplacer("wi-fi", "wifi", "e-mail", "email", "e-sim", "esim", "log-in", "login", "w-lan", "wlan")

// usefulWord drops what says nothing about a problem: single letters and
// short numbers ("5 minutes", "2 days"). Codes and versions come from
// extractCodes.
func usefulWord(w string) bool {
	n := utf8.RuneCountInString(w)
	if n < 2 {
		return false
	}
	for _, r := range w {
		if !gounicode.IsDigit(r) {
			return true
		}
	}
	return n >= 4
}

// neutralStem strips one suffix both languages use for plurals and verb
// forms, keeping at least four letters: "routers", "router" → "rout";
// "dropping", "dropped", "drops" → "drop"; "Verbindungen" → "verbindung".
func neutralStem(w string) string {
	if utf8.RuneCountInString(w) <= 4 {
		return w
	}
	for _, suf := range neutralSuffixes {
		if strings.HasSuffix(w, suf) && utf8.RuneCountInString(w)-utf8.RuneCountInString(suf) >= 4 {
			w = strings.TrimSuffix(w, suf)
			if suf == "ungen" {
				w += "ung"
			}
			break
		}
	}
	// "dropp" → "drop", "stopp" → "stop".
	if n := len(w); n >= 5 && w[n-1] == w[n-2] && strings.IndexByte("bdgmnpt", w[n-1]) >= 0 {
		w = w[:n-1]
	}
	return w
}

var neutralSuffixes = []string{"ungen", "ings", "ing", "ers", "ern", "en", "er", "ed", "es", "e", "s"}

// reportStopWords are words every report uses whatever its problem:
// greetings, pleas and the words for "problem" and "help".
var reportStopWords = []string{
	"hallo", "hello", "hi", "hey", "danke", "thanks", "thank", "thx", "please", "bitte", "gruss", "grusse", "regards",
	"problem", "probleme", "problems", "issue", "issues", "help", "hilfe", "helfen", "question", "frage",
	"anyone", "jemand", "someone", "else", "auch", "also", "still", "immer", "noch", "schon", "already",
	"heute", "today", "gestern", "yesterday", "seit", "since", "mal", "wieder", "again", "really", "wirklich",
	"get", "got", "geht", "gehen", "know", "weiss", "idea", "ideas", "tipp", "tipps", "any", "just", "nur",
	"can", "cant", "kann", "konnen", "could", "would", "will", "ich", "mein", "meine", "my", "me", "leider",
	"ok", "okay", "etc", "like", "wie", "how", "what", "was", "anybody", "everyone", "alle", "nothing", "nichts",
	"need", "brauche", "work", "works", "working", "geht's", "is", "way", "thing", "things", "sache",
}

// glossary maps the words of common support problems, German and English,
// to one concept each. It is written for a telecom or software support
// forum in general, not for any one incident; forms are folded and
// stemmed like the text, so "Abbrüche", "abbruch" and "abbrechen" meet.
var glossary = map[string]string{
	"wifi":        "wlan wifi wireless funknetz funk",
	"drop":        "drop disconnect disconnects disconnected abbruch abbruche abbrechen bricht abgebrochen getrennt trennt aussetzer unterbrochen unterbrechung",
	"outage":      "outage ausfall ausgefallen storung gestort down offline",
	"internet":    "internet netz",
	"connection":  "connection connect connecting verbindung verbunden verbinden",
	"slow":        "slow langsam lahm",
	"speed":       "speed geschwindigkeit bandbreite bandwidth",
	"update":      "update aktualisierung upgrade aktualisiert updated",
	"firmware":    "firmware",
	"router":      "router modem",
	"line":        "line leitung anschluss",
	"phone":       "phone telefon festnetz landline telefonie",
	"mobile":      "mobile handy smartphone mobilfunk",
	"call":        "call anruf anrufe telefonieren",
	"tv":          "tv fernsehen fernseher television",
	"stream":      "stream streaming",
	"picture":     "picture bild image screen bildschirm",
	"black":       "black schwarz",
	"sound":       "sound ton audio",
	"bill":        "bill invoice rechnung abrechnung",
	"charge":      "charge charged abgebucht abbuchung lastschrift debit debited",
	"twice":       "twice doppelt double zweimal",
	"payment":     "payment zahlung bezahlung bezahlen pay paid",
	"refund":      "refund erstattung zuruck ruckerstattung",
	"password":    "password passwort kennwort",
	"login":       "login anmeldung anmelden einloggen logon signin",
	"account":     "account konto kundenkonto",
	"error":       "error fehler fehlermeldung",
	"app":         "app application anwendung",
	"website":     "website webseite seite portal site",
	"email":       "email mail",
	"upload":      "upload hochladen hochgeladen",
	"activate":    "activate activation aktivieren aktivierung aktiviert",
	"esim":        "esim",
	"sim":         "sim simkarte",
	"restart":     "restart reboot neustart neugestartet",
	"reset":       "reset zurucksetzen",
	"cable":       "cable kabel lan ethernet",
	"signal":      "signal empfang reception",
	"contract":    "contract vertrag tarif plan",
	"customer":    "customer kunde kunden",
	"support":     "support hotline kundenservice",
	"morning":     "morning morgen",
	"evening":     "evening abend abends",
	"minutes":     "minutes minuten",
	"fails":       "fail fails failed fehlgeschlagen scheitert",
	"unavailable": "unavailable nicht verfugbar unerreichbar erreichbar",
	"broken":      "broken kaputt defekt",
	"renew":       "renew renewal verlangern verlangerung",
	"visa":        "visa visum",
	"permit":      "permit genehmigung aufenthalt",
	"penalty":     "penalty penalties strafe busse bussgeld",
	"queue":       "queue warteschlange",
	"job":         "job jobs auftrag",
	// Shop, delivery and appointments.
	"order":       "order ordered ordering bestellung bestellen bestellt",
	"card":        "card creditcard kreditkarte karte mastercard",
	"checkout":    "checkout kasse warenkorb basket cart",
	"delivery":    "delivery delivered shipping lieferung geliefert versand",
	"appointment": "appointment termin",
	"technician":  "technician techniker monteur",
	// Messages, codes and calls.
	"sms":   "sms text texts textnachricht",
	"code":  "code codes pin tan",
	"hear":  "hear hearing horen hort",
	"voice": "voice stimme",
	// Devices, apps and settings.
	"settings": "settings einstellungen setting einstellung",
	"install":  "install installed installation installieren installiert einrichtung",
	"battery":  "battery akku batterie",
	"abroad":   "abroad ausland urlaub holiday vacation",
	"cancel":   "cancel cancelled kundigen kundigung storniert stornieren",
}
