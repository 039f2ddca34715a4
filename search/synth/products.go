package synth

// Categories, products, contexts and the small value lists threads draw
// their details from. Everything is invented; brand and model names are
// the ones customers really type, so the corpus exercises the same tokens.

const (
	catInternet = iota
	catTelefonie
	catMobilfunk
	catTV
	catRechnung
	catVertrag
	catHardware
	catKonto
	numCats
)

var categories = [numCats]Category{
	catInternet:  {"internet", "Internet & WLAN"},
	catTelefonie: {"telefonie", "Festnetz & Telefonie"},
	catMobilfunk: {"mobilfunk", "Mobilfunk"},
	catTV:        {"tv", "TV & Streaming"},
	catRechnung:  {"rechnung", "Rechnung & Zahlung"},
	catVertrag:   {"vertrag", "Vertrag & Tarif"},
	catHardware:  {"hardware", "Router & Geräte"},
	catKonto:     {"konto", "Kundenkonto & Login"},
}

var (
	fritzOS   = []string{"FRITZ!OS 7.29", "FRITZ!OS 7.57", "FRITZ!OS 7.58", "FRITZ!OS 7.61", "FRITZ!OS 8.00", "FRITZ!OS 8.02"}
	speedport = []string{"010139.4.7.001.1", "010139.5.2.003.0", "010139.5.4.000.2"}
)

var products = [...]product{
	// Lines.
	{names: [2]string{"DSL-Anschluss", "DSL line"}, gender: masc, kind: kLine, cat: catInternet, w: 9, tag: "dsl"},
	{names: [2]string{"VDSL-Anschluss", "VDSL line"}, gender: masc, kind: kLine, cat: catInternet, w: 6, tag: "vdsl"},
	{names: [2]string{"Glasfaseranschluss", "fibre connection"}, gender: masc, kind: kLine, cat: catInternet, w: 7, tag: "glasfaser"},
	{names: [2]string{"Kabelanschluss", "cable internet connection"}, gender: masc, kind: kLine, cat: catInternet, w: 6, tag: "kabel"},
	{names: [2]string{"Hybrid-Anschluss", "hybrid connection"}, gender: masc, kind: kLine, cat: catInternet, w: 1.5, tag: "hybrid"},

	// Routers and modems.
	{names: [2]string{"FritzBox 7590", "FritzBox 7590"}, gender: fem, kind: kRouter, cat: catHardware, w: 10, tag: "fritzbox", vers: fritzOS},
	{names: [2]string{"FritzBox 7530 AX", "FritzBox 7530 AX"}, gender: fem, kind: kRouter, cat: catHardware, w: 6, tag: "fritzbox", vers: fritzOS},
	{names: [2]string{"FritzBox 6660 Cable", "FritzBox 6660 Cable"}, gender: fem, kind: kRouter, cat: catHardware, w: 5, tag: "fritzbox", vers: fritzOS},
	{names: [2]string{"FritzBox 5590 Fiber", "FritzBox 5590 Fiber"}, gender: fem, kind: kRouter, cat: catHardware, w: 4, tag: "fritzbox", vers: fritzOS},
	{names: [2]string{"Speedport Smart 4", "Speedport Smart 4"}, gender: masc, kind: kRouter, cat: catHardware, w: 7, tag: "speedport", vers: speedport},
	{names: [2]string{"Speedport Pro Plus", "Speedport Pro Plus"}, gender: masc, kind: kRouter, cat: catHardware, w: 3, tag: "speedport", vers: speedport},
	{names: [2]string{"Kabelmodem", "cable modem"}, gender: neut, kind: kRouter, cat: catHardware, w: 3, tag: "kabelmodem"},
	{names: [2]string{"Glasfasermodem", "fibre modem"}, gender: neut, kind: kRouter, cat: catHardware, w: 2, tag: "ont"},

	// Wi-Fi extension.
	{names: [2]string{"WLAN-Repeater", "Wi-Fi repeater"}, gender: masc, kind: kRepeater, cat: catHardware, w: 5, tag: "repeater"},
	{names: [2]string{"Mesh-System", "mesh system"}, gender: neut, kind: kRepeater, cat: catHardware, w: 3, tag: "mesh"},
	{names: [2]string{"Powerline-Adapter", "powerline adapter"}, gender: masc, kind: kRepeater, cat: catHardware, w: 2, tag: "powerline"},

	// Telephony.
	{names: [2]string{"Festnetzanschluss", "landline"}, gender: masc, kind: kPhone, cat: catTelefonie, w: 4, tag: "festnetz"},
	{names: [2]string{"DECT-Telefon", "DECT phone"}, gender: neut, kind: kPhone, cat: catTelefonie, w: 3, tag: "dect"},
	{names: [2]string{"IP-Telefon", "VoIP phone"}, gender: neut, kind: kPhone, cat: catTelefonie, w: 1.5, tag: "voip"},

	// Mobile.
	{names: [2]string{"SIM-Karte", "SIM card"}, gender: fem, kind: kSIM, cat: catMobilfunk, w: 6, tag: "sim"},
	{names: [2]string{"Multi-SIM", "multi-SIM"}, gender: fem, kind: kSIM, cat: catMobilfunk, w: 1.5, tag: "multisim"},
	{names: [2]string{"eSIM", "eSIM"}, gender: fem, kind: kESIM, cat: catMobilfunk, w: 6, tag: "esim"},
	{names: [2]string{"Mobilfunkvertrag", "mobile contract"}, gender: masc, kind: kContract, cat: catMobilfunk, w: 6, tag: "mobilfunk"},
	{names: [2]string{"Prepaid-Tarif", "prepaid plan"}, gender: masc, kind: kContract, cat: catMobilfunk, w: 3, tag: "prepaid"},
	{names: [2]string{"Smartphone", "smartphone"}, gender: neut, kind: kHandset, cat: catMobilfunk, w: 5, tag: "smartphone"},
	{names: [2]string{"iPhone 15", "iPhone 15"}, gender: neut, kind: kHandset, cat: catMobilfunk, w: 4, tag: "iphone", vers: []string{"iOS 17.5.1", "iOS 18.1", "iOS 18.3.2"}},
	{names: [2]string{"Samsung Galaxy S23", "Samsung Galaxy S23"}, gender: neut, kind: kHandset, cat: catMobilfunk, w: 3, tag: "android", vers: []string{"Android 14", "Android 15", "One UI 6.1"}},

	// TV.
	{names: [2]string{"TV-Receiver", "TV receiver"}, gender: masc, kind: kTVDevice, cat: catTV, w: 5, tag: "receiver"},
	{names: [2]string{"Streaming-Stick", "streaming stick"}, gender: masc, kind: kTVDevice, cat: catTV, w: 3, tag: "streaming"},
	{names: [2]string{"Smart-TV", "smart TV"}, gender: masc, kind: kTVDevice, cat: catTV, w: 3, tag: "smart-tv"},
	{names: [2]string{"TV-App", "TV app"}, gender: fem, kind: kTVApp, cat: catTV, w: 5, tag: "tv-app"},
	{names: [2]string{"Streaming-Abo", "streaming subscription"}, gender: neut, kind: kTVApp, cat: catTV, w: 2, tag: "streaming"},

	// Billing.
	{names: [2]string{"Rechnung", "bill"}, gender: fem, kind: kBill, cat: catRechnung, w: 7, tag: "rechnung"},
	{names: [2]string{"Mobilfunkrechnung", "mobile phone bill"}, gender: fem, kind: kBill, cat: catRechnung, w: 3, tag: "rechnung"},
	{names: [2]string{"Lastschrift", "direct debit"}, gender: fem, kind: kPayment, cat: catRechnung, w: 4, tag: "lastschrift"},

	// Accounts.
	{names: [2]string{"Kundenkonto", "customer account"}, gender: neut, kind: kAccount, cat: catKonto, w: 6, tag: "kundenkonto"},
	{names: [2]string{"Service-App", "service app"}, gender: fem, kind: kAccount, cat: catKonto, w: 3, tag: "app"},
	{names: [2]string{"Online-Kundencenter", "online customer centre"}, gender: neut, kind: kAccount, cat: catKonto, w: 2, tag: "kundencenter"},
	{names: [2]string{"E-Mail-Postfach", "email account"}, gender: neut, kind: kMail, cat: catKonto, w: 4, tag: "e-mail"},
}

var defaultVersions = [numGroups][]string{
	grpTech:   {"2.14.3", "3.0.1", "1.8.22", "4.2.0"},
	grpMobile: {"iOS 17.5.1", "iOS 18.1", "Android 14", "Android 15"},
	grpTV:     {"5.12.0", "6.0.3", "6.1.1", "24.3.0"},
	grpAdmin:  {"Firefox 126", "Chrome 125", "Edge 124", "Safari 17.4"},
}

const (
	ctxRecent = iota
	ctxYesterday
	ctxFirmware
	ctxMove
	ctxEvening
	ctxRain
	ctxProvider
	ctxTariff
	ctxRouterSwap
	ctxPassword
	ctxOSUpdate
	ctxNewPhone
	ctxStorm
	ctxHomeOffice
	ctxPriceRise
	ctxNewCustomer
	ctxAbroad
	numContexts
)

var (
	allKinds   = kinds(1<<(kMail+1) - 1)
	techKinds  = of(kLine, kRouter, kRepeater, kPhone)
	mobileKind = of(kSIM, kESIM, kContract, kHandset)
)

var contexts = [numContexts]context{
	ctxRecent: {w: 6, kinds: allKinds,
		phrases: [2][]string{
			{"seit ein paar Tagen", "seit letzter Woche", "seit einigen Tagen"},
			{"for a few days now", "since last week", "for several days"},
		},
		sentences: [2][]string{
			{"Angefangen hat es ungefähr vor einer Woche.", "Vorher hatte ich nie Probleme."},
			{"It started about a week ago.", "I never had any problems before."},
		}},
	ctxYesterday: {w: 4, kinds: allKinds,
		phrases: [2][]string{
			{"seit gestern Abend", "seit gestern", "seit heute Morgen"},
			{"since last night", "since yesterday", "since this morning"},
		},
		sentences: [2][]string{
			{"Bis vorgestern lief noch alles problemlos.", "Geändert habe ich in der Zwischenzeit nichts."},
			{"Until the day before yesterday everything was fine.", "I haven't changed anything in the meantime."},
		}},
	ctxFirmware: {tag: "update", w: 5, kinds: of(kLine, kRouter, kRepeater, kPhone, kTVDevice, kTVApp),
		phrases: [2][]string{
			{"seit dem Firmware-Update", "nach dem letzten Update", "seit dem automatischen Update"},
			{"since the firmware update", "after the last update", "since the automatic update"},
		},
		sentences: [2][]string{
			{"Vorher lief alles problemlos, das Update wurde über Nacht automatisch installiert.", "Das Problem tritt erst auf, seit die neue Firmware drauf ist."},
			{"Everything was fine before, the update installed itself overnight.", "The problem only started once the new firmware was on."},
		}},
	ctxMove: {tag: "umzug", w: 3, kinds: techKinds | of(kTVDevice, kContract, kBill, kPayment),
		phrases: [2][]string{
			{"seit dem Umzug", "nach unserem Umzug", "seit dem Umzug in die neue Wohnung"},
			{"since moving house", "since we moved", "since moving into the new flat"},
		},
		sentences: [2][]string{
			{"Wir sind vor drei Wochen in eine neue Wohnung gezogen und haben den Vertrag mitgenommen.", "In der alten Wohnung gab es diese Probleme nie."},
			{"We moved into a new flat three weeks ago and took the contract with us.", "We never had these problems in the old flat."},
		}},
	ctxEvening: {w: 4, kinds: of(kLine, kRouter, kRepeater, kTVDevice, kTVApp, kContract, kHandset),
		phrases: [2][]string{
			{"vor allem abends", "besonders am Abend", "meistens abends"},
			{"mostly in the evenings", "especially in the evening", "usually in the evening"},
		},
		sentences: [2][]string{
			{"Tagsüber ist es meistens okay, ab etwa 19 Uhr wird es schlimm.", "Am Wochenende ist es noch auffälliger als unter der Woche."},
			{"During the day it's mostly okay, from about 7 pm it gets bad.", "At the weekend it's even more noticeable than during the week."},
		}},
	ctxRain: {w: 1.5, kinds: of(kLine, kPhone),
		phrases: [2][]string{
			{"bei Regen", "bei schlechtem Wetter", "immer bei Regenwetter"},
			{"when it rains", "in bad weather", "whenever it's raining"},
		},
		sentences: [2][]string{
			{"Mir ist aufgefallen, dass es fast immer dann passiert, wenn es draußen nass ist.", "Das Kabel läuft bei uns über einen alten Verteilerkasten an der Straße."},
			{"I've noticed it almost always happens when it's wet outside.", "Our cable runs through an old street cabinet outside."},
		}},
	ctxProvider: {tag: "anbieterwechsel", w: 2.5, kinds: of(kLine, kRouter, kPhone, kContract, kSIM, kESIM),
		phrases: [2][]string{
			{"seit dem Anbieterwechsel", "seit dem Wechsel zum neuen Anbieter", "nach dem Anbieterwechsel"},
			{"since switching providers", "since I changed provider", "after switching providers"},
		},
		sentences: [2][]string{
			{"Vorher war ich zehn Jahre bei einem anderen Anbieter und hatte nie Probleme.", "Der Wechsel selbst lief eigentlich reibungslos."},
			{"Before that I was with another provider for ten years and never had any problems.", "The switch itself actually went smoothly."},
		}},
	ctxTariff: {tag: "tarifwechsel", w: 2.5, kinds: of(kLine, kContract, kBill, kPayment, kTVApp),
		phrases: [2][]string{
			{"seit dem Tarifwechsel", "nach dem Tarifwechsel", "seit der Umstellung auf den neuen Tarif"},
			{"since changing my plan", "after switching plans", "since moving to the new plan"},
		},
		sentences: [2][]string{
			{"Den Tarifwechsel habe ich im letzten Monat über das Kundenportal beauftragt.", "Der neue Tarif sollte eigentlich günstiger und schneller sein."},
			{"I ordered the plan change through the customer portal last month.", "The new plan was supposed to be cheaper and faster."},
		}},
	ctxRouterSwap: {tag: "router", w: 2.5, kinds: of(kLine, kRouter, kRepeater, kPhone, kTVDevice),
		phrases: [2][]string{
			{"seit dem Routertausch", "seit dem Umstieg auf den neuen Router", "nach dem Routerwechsel"},
			{"since replacing the router", "since I got the new router", "after swapping the router"},
		},
		sentences: [2][]string{
			{"Der alte Router war nach sechs Jahren kaputt, der neue kam vor zwei Wochen.", "Mit dem alten Router gab es das Problem nicht."},
			{"The old router died after six years, the new one arrived two weeks ago.", "With the old router this didn't happen."},
		}},
	ctxPassword: {tag: "passwort", w: 2, kinds: of(kRouter, kRepeater, kTVApp, kAccount, kMail),
		phrases: [2][]string{
			{"seit der Passwortänderung", "seit der Änderung des Passworts", "nach der Passwortänderung"},
			{"since changing the password", "after I changed the password", "since the password change"},
		},
		sentences: [2][]string{
			{"Das Passwort habe ich aus Sicherheitsgründen geändert, nachdem es bei einem anderen Dienst ein Datenleck gab.", "Das neue Passwort ist deutlich länger als das alte."},
			{"I changed the password for security reasons after a data leak at another service.", "The new password is a lot longer than the old one."},
		}},
	ctxOSUpdate: {tag: "ios", w: 2, kinds: of(kSIM, kESIM, kHandset, kContract, kTVApp, kAccount),
		phrases: [2][]string{
			{"seit dem iOS-Update", "seit dem letzten Software-Update am Handy", "nach dem Handy-Update"},
			{"since the iOS update", "since the last software update on my phone", "after the phone update"},
		},
		sentences: [2][]string{
			{"Das Update wurde über Nacht automatisch installiert.", "Direkt nach dem Update fing es an."},
			{"The update installed itself overnight.", "It started right after the update."},
		}},
	ctxNewPhone: {tag: "handywechsel", w: 2, kinds: of(kSIM, kESIM, kHandset, kAccount, kTVApp),
		phrases: [2][]string{
			{"seit dem Handywechsel", "seit dem Umstieg aufs neue Handy", "nach dem Wechsel auf ein neues Smartphone"},
			{"since switching to a new phone", "since I got my new phone", "after changing phones"},
		},
		sentences: [2][]string{
			{"Das neue Handy habe ich erst seit letzter Woche.", "Auf dem alten Handy lief alles einwandfrei."},
			{"I've only had the new phone since last week.", "Everything worked fine on the old phone."},
		}},
	ctxStorm: {w: 1.5, kinds: of(kLine, kRouter, kRepeater, kPhone, kTVDevice),
		phrases: [2][]string{
			{"seit dem Gewitter", "seit dem Unwetter letzte Woche", "nach dem Gewitter am Wochenende"},
			{"since the thunderstorm", "since the storm last week", "after the thunderstorm at the weekend"},
		},
		sentences: [2][]string{
			{"Bei dem Gewitter ist kurz der Strom ausgefallen, seitdem spinnt die Technik.", "In der Straße sind bei dem Unwetter mehrere Geräte kaputtgegangen."},
			{"The power went out briefly during the storm, and things have been acting up since.", "Several devices in our street were damaged during the storm."},
		}},
	ctxHomeOffice: {tag: "homeoffice", w: 2.5, kinds: of(kLine, kRouter, kRepeater, kPhone),
		phrases: [2][]string{
			{"im Homeoffice", "tagsüber im Homeoffice", "gerade im Homeoffice"},
			{"while working from home", "during my home office hours", "when I'm working from home"},
		},
		sentences: [2][]string{
			{"Für die Arbeit brauche ich stabile Videokonferenzen, deshalb ist das gerade besonders ärgerlich.", "Mein Arbeitgeber verlässt sich darauf, dass ich erreichbar bin."},
			{"I need stable video calls for work, so this is especially annoying right now.", "My employer relies on me being reachable."},
		}},
	ctxPriceRise: {w: 1.5, kinds: of(kLine, kContract, kTVApp, kBill, kPayment),
		phrases: [2][]string{
			{"nach der Preiserhöhung", "seit der letzten Preisanpassung", "seit der Preiserhöhung"},
			{"after the price increase", "since the last price adjustment", "since the price went up"},
		},
		sentences: [2][]string{
			{"Die Preiserhöhung wurde mir nur per E-Mail mitgeteilt.", "Für den höheren Preis erwarte ich eigentlich besseren Service."},
			{"I was only told about the price increase by email.", "For the higher price I'd expect better service, to be honest."},
		}},
	ctxNewCustomer: {tag: "neukunde", w: 2.5, kinds: allKinds,
		phrases: [2][]string{
			{"seit Vertragsbeginn", "von Anfang an", "schon seit der Freischaltung"},
			{"since the contract started", "right from the start", "ever since it was activated"},
		},
		sentences: [2][]string{
			{"Der Vertrag läuft erst seit gut einem Monat.", "Ich bin Neukunde und bisher nicht gerade begeistert."},
			{"The contract only started a month ago.", "I'm a new customer and not exactly impressed so far."},
		}},
	ctxAbroad: {tag: "ausland", w: 2, kinds: mobileKind | of(kBill),
		phrases: [2][]string{
			{"im Ausland", "im Urlaub", "auf Reisen"},
			{"abroad", "on holiday", "while travelling"},
		},
		sentences: [2][]string{
			{"Ich bin gerade für zwei Wochen in Österreich unterwegs.", "Wir waren mit der Familie in Italien im Urlaub."},
			{"I'm travelling in Austria for two weeks.", "We were on a family holiday in Italy."},
		}},
}

var tariffs = []int{16, 50, 50, 100, 100, 100, 250, 250, 500, 1000}

var names = [2][]string{
	{"Thomas", "Sabine", "Jürgen", "Katrin", "Murat", "Björn", "Anja", "Sören", "Jörg", "Lukas", "Mareike", "Dieter", "Özlem", "Jens", "Claudia", "Günter", "Ole", "Hülya"},
	{"Mike", "Sarah", "Dave", "Emma", "Raj", "Tom", "Olivia", "James", "Priya", "Chris"},
}

var staffNames = []string{"Jana", "Markus", "Nele", "Tobias", "Svenja", "Kai"}

var cities = [2][]string{
	{"Köln", "München", "Düsseldorf", "Nürnberg", "Lübeck", "Göttingen", "Würzburg", "Saarbrücken", "Osnabrück", "Münster", "Bremen", "Leipzig", "Dresden", "Hamburg", "Berlin", "Kassel", "Fürth", "Lüneburg"},
	{"Berlin", "Hamburg", "Frankfurt", "Munich", "Cologne", "Stuttgart", "Leipzig", "Bremen", "Hanover", "Nuremberg"},
}

var solvedPrefix = [2]string{"[Gelöst] ", "[Solved] "}

var titleSuffixes = [2][]string{
	{" – bitte um Hilfe", " (dringend)", "?!", " – was tun?", " – Hilfe!"},
	{" – please help", " (urgent)", "?!", " – any ideas?", " – help!"},
}
