package synth

// The sentences around the symptom: greetings, what people tried, their
// setup, questions, closings, and the answers. German answers use "du", as
// German forums do.

type langPools struct {
	greetings    []string
	mention      []string // names the product when the opener did not
	codeLines    []string
	blockIntros  []string
	questions    []string
	closings     []string
	fillers      []string
	versionLines [numGroups][]string
	setup        [numGroups][]string
	tried        [numGroups][]string

	answerOpeners []string
	answerClosers []string
	genericAdvice [numGroups][]string
	staffOpeners  []string
	staffActions  [numGroups][]string
	staffFill     []string
	staffClosers  []string
	followUps     []string
	meToo         []string
}

var langs = [2]langPools{
	langDE: {
		greetings: []string{"Hallo zusammen,", "Hallo,", "Hi,", "Moin,", "Guten Tag,", "Servus zusammen,", "Hallo Community,", "Hallo liebe Community,", "", ""},
		mention:   []string{"Betroffen ist {mein}.", "Es geht um {meinen}.", "Es handelt sich um {meinen}."},
		codeLines: []string{
			"Die genaue Fehlermeldung lautet: „{code}“.",
			"Fehlermeldung: `{code}`.",
			"Es erscheint jedes Mal der Fehler `{code}`.",
			"Angezeigt wird immer „{code}“.",
		},
		blockIntros: []string{"Hier ein Auszug:", "So sieht das aus:", "Das steht im Protokoll:", "Zur Info:"},
		questions: []string{
			"Hat jemand eine Idee, woran das liegen könnte?",
			"Kennt jemand das Problem und hat eine Lösung?",
			"Was kann ich noch ausprobieren?",
			"Ist das ein bekanntes Problem?",
			"Hat jemand einen Tipp, wie ich das schnell gelöst bekomme?",
			"Muss ich wirklich noch einmal bei der Hotline anrufen, oder kann man das hier klären?",
			"Bin für jeden Tipp dankbar.",
			"Weiß jemand, was ich da machen kann?",
		},
		closings: []string{"Danke im Voraus!", "Vielen Dank für eure Hilfe!", "Viele Grüße\n{name}", "Gruß {name}", "LG {name}", "Schöne Grüße aus {ort}", "Danke und Gruß", "", ""},
		fillers: []string{
			"Ich bin langsam ziemlich ratlos.",
			"So langsam nervt es wirklich.",
			"Vielleicht hat ja jemand hier einen Tipp, bevor ich mir einen neuen Anbieter suche.",
			"Ich hoffe, hier kennt sich jemand besser aus als ich.",
			"Für jede Hilfe wäre ich sehr dankbar.",
		},
		versionLines: [numGroups][]string{
			grpTech:   {"Auf dem Router läuft die Firmware {ver}.", "Firmware-Stand: {ver}.", "Installiert ist {ver}, also eigentlich die aktuelle Version."},
			grpMobile: {"Mein Handy läuft mit {ver}.", "Das Handy ist auf {ver} aktualisiert.", "Software: {ver}."},
			grpTV:     {"Die App-Version ist {ver}.", "Laut Einstellungen ist {ver} installiert.", "Softwarestand: {ver}."},
			grpAdmin:  {"Getestet habe ich mit {ver}.", "Als Browser nutze ich {ver}, Cookies sind erlaubt."},
		},
		setup: [numGroups][]string{
			grpTech: {
				"Am Router hängen zwei Laptops, drei Handys, ein Smart-TV und eine Spielekonsole.",
				"Der Router steht im Flur, direkt neben der Anschlussdose.",
				"Wir sind ein Haushalt mit vier Personen und nutzen das Internet ziemlich intensiv.",
				"Gebucht habe ich einen Tarif mit {mbit} Mbit/s.",
				"Der Anschluss ist erst wenige Monate alt.",
				"Ich wohne in einem Mehrfamilienhaus in {ort}.",
			},
			grpMobile: {
				"Ich bin seit über zehn Jahren Kunde.",
				"Der Vertrag läuft über meinen Arbeitgeber.",
				"Ich wohne in {ort}, der Empfang war hier bisher immer gut.",
				"Das Handy ist knapp ein Jahr alt.",
			},
			grpTV: {
				"Der Fernseher ist ein etwa drei Jahre altes Gerät von Samsung.",
				"Wir schauen hauptsächlich abends Live-TV und nutzen die Mediathek.",
				"Der Receiver hängt per LAN-Kabel direkt am Router.",
				"Gebucht ist das Paket mit den HD-Sendern.",
			},
			grpAdmin: {
				"Ich bin seit vielen Jahren Kunde und hatte bisher nie Probleme.",
				"Meine Kundennummer liegt vor, die poste ich hier aber natürlich nicht.",
				"Der Vertrag läuft auf meinen Namen, bezahlt wird per Lastschrift.",
				"Die Rechnung bekomme ich normalerweise per E-Mail.",
			},
		},
		tried: [numGroups][]string{
			grpTech: {
				"Einen Routerneustart habe ich natürlich schon mehrfach gemacht.",
				"Alle Kabel habe ich überprüft und neu gesteckt.",
				"Ich habe den Router auch schon auf Werkseinstellungen zurückgesetzt und neu eingerichtet.",
				"Ein anderes Netzwerkkabel habe ich ebenfalls ausprobiert, ohne Erfolg.",
				"Den Router habe ich für zehn Minuten vom Strom getrennt, danach war es kurz besser.",
				"Bei der Hotline war ich schon zweimal, dort wurde nur ein Leitungstest gemacht, der angeblich in Ordnung war.",
				"Die Firmware ist auf dem neuesten Stand.",
			},
			grpMobile: {
				"Das Handy habe ich neu gestartet und den Flugmodus ein- und wieder ausgeschaltet.",
				"Mit einem anderen Handy habe ich es auch schon ausprobiert, dort ist es dasselbe.",
				"Die Netzwerkeinstellungen habe ich bereits zurückgesetzt.",
				"Ein Software-Update für das Handy gibt es aktuell nicht.",
				"Im Shop konnte man mir auch nicht helfen und hat mich an die Hotline verwiesen.",
			},
			grpTV: {
				"Die App habe ich gelöscht und neu installiert.",
				"Der Receiver war auch schon eine Viertelstunde vom Strom getrennt.",
				"Den Cache der App habe ich geleert.",
				"Ich habe mich ab- und wieder angemeldet.",
				"Router und Receiver habe ich beide neu gestartet.",
			},
			grpAdmin: {
				"Ich habe schon zweimal bei der Hotline angerufen, aber jedes Mal eine andere Auskunft bekommen.",
				"Über das Kontaktformular habe ich vor einer Woche geschrieben, bisher ohne Antwort.",
				"Im Kundenportal finde ich dazu leider keine Informationen.",
				"Den Chat habe ich auch probiert, der Bot versteht mein Anliegen aber nicht.",
			},
		},

		answerOpeners: []string{"Hallo,", "Hi,", "Moin,", "Das Problem hatte ich auch.", "Kenne ich, das hatte ich letzten Monat genauso.", "Klingt für mich nach einem bekannten Problem.", "", ""},
		answerClosers: []string{"Viel Erfolg!", "Berichte mal, ob es geholfen hat.", "Gib Bescheid, ob es geklappt hat.", "Hoffe, das hilft.", "\n\nGruß", "\n\nViele Grüße", "", ""},
		genericAdvice: [numGroups][]string{
			grpTech: {
				"Ansonsten würde ich mich direkt an den Support wenden und eine Störung melden.",
				"Dokumentier die Ausfälle am besten mit Datum und Uhrzeit, das hilft bei der Hotline enorm.",
				"Wenn gar nichts hilft, lass dir ein Austauschgerät schicken.",
			},
			grpMobile: {
				"Ansonsten hilft oft nur ein Besuch im Shop mit Ausweis.",
				"Schau auch mal auf der Netzstatus-Seite nach, ob in deiner Gegend gerade gebaut wird.",
				"Notfalls bestell eine neue SIM-Karte, das kostet meistens nichts.",
			},
			grpTV: {
				"Ansonsten hilft nur, eine Störung beim Support zu melden.",
				"Schau auch mal, ob es im Forum schon einen Sammelthread zu dem Problem gibt.",
			},
			grpAdmin: {
				"Ansonsten hilft leider nur, sich schriftlich an den Kundenservice zu wenden.",
				"Heb alle Schreiben und Bestätigungen gut auf, die brauchst du im Zweifel noch.",
				"Wenn sich gar nichts tut, kannst du dich an die Schlichtungsstelle der Bundesnetzagentur wenden.",
			},
		},
		staffOpeners: []string{"Hallo und danke für deinen Beitrag!", "Hallo, hier ist {staff} vom Serviceteam.", "Hallo, das tut mir leid, das ist natürlich ärgerlich."},
		staffActions: [numGroups][]string{
			grpTech: {
				"Ich habe mir deinen Anschluss angesehen und einen Leitungstest gestartet, dabei sind tatsächlich Fehler aufgefallen.",
				"Ich habe eine Störungsmeldung für dich angelegt, unsere Technik meldet sich in den nächsten 48 Stunden.",
				"Schick mir bitte per privater Nachricht deine Kundennummer, dann prüfe ich die Leitung direkt.",
			},
			grpMobile: {
				"Ich habe deine SIM-Karte im System zurückgesetzt, bitte starte dein Handy einmal neu.",
				"Schick mir bitte per privater Nachricht deine Rufnummer, dann schaue ich mir die Einstellungen an.",
				"Ich habe dir eine neue eSIM-Aktivierung angestoßen, der Code kommt per E-Mail.",
			},
			grpTV: {
				"Wir haben gerade eine bekannte Störung bei der TV-App, die Kollegen arbeiten bereits an einer Lösung.",
				"Schick mir bitte per privater Nachricht deine Kundennummer, dann prüfe ich deine gebuchten Pakete.",
			},
			grpAdmin: {
				"Ich habe mir dein Kundenkonto angesehen und den Vorgang an die zuständige Fachabteilung weitergegeben.",
				"Ich habe das in deinem Kundenkonto korrigiert, die Änderung ist in ein bis zwei Tagen sichtbar.",
				"Schick mir bitte per privater Nachricht deine Kundennummer, dann kläre ich das direkt.",
			},
		},
		staffFill: []string{
			"Danke für deine Geduld.",
			"Du bekommst in den nächsten Tagen eine Rückmeldung von uns.",
			"Melde dich gern wieder hier, falls es danach nicht besser wird.",
		},
		staffClosers: []string{"Viele Grüße\n{staff} vom Serviceteam", "Beste Grüße, {staff}", "Viele Grüße, {staff} vom Support-Team"},
		followUps: []string{
			"Danke, das war's! Jetzt läuft alles wieder ohne Probleme.",
			"Leider keine Änderung, das Problem besteht weiterhin.",
			"Kurzes Update: Ich habe es ausprobiert, aber es ist leider immer noch dasselbe.",
			"Danke für die schnelle Antwort, ich probiere das heute Abend aus und melde mich dann.",
			"Super, vielen Dank! Seit gestern ist Ruhe, ich beobachte es aber noch ein paar Tage.",
		},
		meToo: []string{
			"Bei mir genau dasselbe, seit Tagen. Hat schon jemand eine Lösung gefunden?",
			"Ich habe das gleiche Problem, ebenfalls in {ort}.",
			"Geht mir auch so, das scheint ein größeres Problem zu sein.",
		},
	},
	langEN: {
		greetings: []string{"Hi all,", "Hello,", "Hi everyone,", "Hey,", "Hi there,", "", "", ""},
		mention:   []string{"This is about my {p}.", "It's my {p} that's affected.", "This is with my {p}."},
		codeLines: []string{
			"The exact error message is: \"{code}\".",
			"Error message: `{code}`.",
			"I get the error `{code}` every time.",
			"It always shows \"{code}\".",
		},
		blockIntros: []string{"Here's an excerpt:", "This is what it looks like:", "From the log:", "For reference:"},
		questions: []string{
			"Does anyone have an idea what could be causing this?",
			"Has anyone had the same problem and found a fix?",
			"What else can I try?",
			"Is this a known issue?",
			"Any tips on how to get this sorted quickly?",
			"Do I really have to call the hotline again, or can this be solved here?",
			"Grateful for any tips.",
			"Does anyone know what I can do about it?",
		},
		closings: []string{"Thanks in advance!", "Thanks for any help!", "Cheers,\n{name}", "Regards, {name}", "Thanks, {name}", "", ""},
		fillers: []string{
			"I'm running out of ideas.",
			"It's getting really frustrating.",
			"Maybe someone here has a tip before I start looking for another provider.",
			"I hope someone here knows more about this than I do.",
			"Any help would be much appreciated.",
		},
		versionLines: [numGroups][]string{
			grpTech:   {"The router is running firmware {ver}.", "Firmware: {ver}.", "It's on {ver}, which should be the latest."},
			grpMobile: {"My phone is on {ver}.", "The phone is updated to {ver}.", "Software: {ver}."},
			grpTV:     {"The app version is {ver}.", "Settings say {ver} is installed.", "Software: {ver}."},
			grpAdmin:  {"I tested it with {ver}.", "The browser is {ver}, cookies are allowed."},
		},
		setup: [numGroups][]string{
			grpTech: {
				"There are two laptops, three phones, a smart TV and a games console on the router.",
				"The router is in the hallway, right next to the wall socket.",
				"We're a household of four and use the internet quite heavily.",
				"My plan is {mbit} Mbit/s.",
				"The line is only a few months old.",
				"I live in a block of flats in {ort}.",
			},
			grpMobile: {
				"I've been a customer for over ten years.",
				"The contract is through my employer.",
				"I live in {ort}, and reception here has always been good.",
				"The phone is just under a year old.",
			},
			grpTV: {
				"The TV is a Samsung, about three years old.",
				"We mostly watch live TV in the evening and use the catch-up service.",
				"The receiver is connected to the router with a LAN cable.",
				"We have the package with the HD channels.",
			},
			grpAdmin: {
				"I've been a customer for many years and never had problems before.",
				"I have my customer number, but obviously I'm not posting it here.",
				"The contract is in my name and paid by direct debit.",
				"I normally get the bill by email.",
			},
		},
		tried: [numGroups][]string{
			grpTech: {
				"I've obviously restarted the router several times.",
				"I've checked all the cables and plugged them back in.",
				"I've also done a factory reset and set the router up again.",
				"I tried a different network cable as well, no luck.",
				"I unplugged the router for ten minutes; it was briefly better afterwards.",
				"I've called the hotline twice; they only ran a line test that apparently came back fine.",
				"The firmware is up to date.",
			},
			grpMobile: {
				"I restarted the phone and switched flight mode on and off.",
				"I've tried it in another phone too, same thing.",
				"I've already reset the network settings.",
				"There's no software update for the phone at the moment.",
				"The shop couldn't help either and sent me to the hotline.",
			},
			grpTV: {
				"I deleted the app and installed it again.",
				"The receiver has been unplugged for a quarter of an hour as well.",
				"I cleared the app's cache.",
				"I signed out and back in.",
				"I restarted both the router and the receiver.",
			},
			grpAdmin: {
				"I've called the hotline twice and got a different answer each time.",
				"I wrote through the contact form a week ago and haven't heard back.",
				"I can't find anything about it in the customer portal.",
				"I tried the chat as well, but the bot doesn't understand what I want.",
			},
		},

		answerOpeners: []string{"Hi,", "Hello,", "Had the same issue.", "I know this one, had exactly the same last month.", "Sounds like a known problem to me.", "", ""},
		answerClosers: []string{"Good luck!", "Let us know if it helped.", "Hope that helps.", "\n\nCheers", "", ""},
		genericAdvice: [numGroups][]string{
			grpTech: {
				"Otherwise I'd contact support directly and report a fault.",
				"Write down the outages with date and time, that helps a lot with the hotline.",
				"If nothing helps, ask them to send you a replacement device.",
			},
			grpMobile: {
				"Otherwise a visit to the shop with your ID often sorts it.",
				"Also check the network status page in case there's work going on in your area.",
				"If all else fails, order a new SIM card, it's usually free.",
			},
			grpTV: {
				"Otherwise the only option is to report a fault to support.",
				"Also check whether there's already a collective thread about this in the forum.",
			},
			grpAdmin: {
				"Otherwise I'm afraid the only way is to write to customer service.",
				"Keep all letters and confirmations, you may need them later.",
				"If nothing moves, you can go to the regulator's arbitration service.",
			},
		},
		staffOpeners: []string{"Hi, and thanks for your post!", "Hi, this is {staff} from the support team.", "Hi, sorry to hear that, that's really annoying."},
		staffActions: [numGroups][]string{
			grpTech: {
				"I've had a look at your line and started a line test, and it did show errors.",
				"I've opened a fault report for you; our technicians will be in touch within 48 hours.",
				"Please send me your customer number by private message and I'll check the line directly.",
			},
			grpMobile: {
				"I've reset your SIM card in our system, please restart your phone once.",
				"Please send me your phone number by private message and I'll check the settings.",
				"I've triggered a new eSIM activation for you, the code will come by email.",
			},
			grpTV: {
				"There's a known fault with the TV app at the moment, and the team is already working on a fix.",
				"Please send me your customer number by private message and I'll check your booked packages.",
			},
			grpAdmin: {
				"I've looked at your customer account and passed the case on to the responsible department.",
				"I've corrected this in your customer account, the change will show within a day or two.",
				"Please send me your customer number by private message and I'll sort it out directly.",
			},
		},
		staffFill: []string{
			"Thanks for your patience.",
			"You'll hear back from us in the next few days.",
			"Feel free to post here again if it doesn't get better.",
		},
		staffClosers: []string{"Kind regards,\n{staff} from the support team", "Best, {staff}", "Regards, {staff} (support team)"},
		followUps: []string{
			"Thanks, that was it! Everything is working again without any problems.",
			"Unfortunately no change, the problem is still there.",
			"Quick update: I tried it, but sadly it's still the same.",
			"Thanks for the quick reply, I'll try it tonight and report back.",
			"Great, thanks a lot! It's been quiet since yesterday, but I'll keep an eye on it for a few days.",
		},
		meToo: []string{
			"Exactly the same here, for days now. Has anyone found a solution yet?",
			"I have the same problem, also in {ort}.",
			"Same for me, this seems to be a bigger issue.",
		},
	},
}
