"""Provides the words text ranking works on: tokens, stopwords, a light stemmer, and a
lexicon that maps common Help Desk words of French, Spanish, German, Italian, Portuguese,
Russian, Persian, Czech, Polish, Turkish, Swahili, Dutch, Ukrainian, Arabic, Hebrew, Greek,
Hindi, Korean, Chinese and Japanese to their English form, so a report in another language
shares words with English issues (docs/matching.md); since Session 15 also the core words
(keyboard, layout, screen, network, password, error, upgrade ...) of Serbian, Croatian,
Slovene, Bulgarian, Belarusian, Kazakh, Estonian, Finnish, Hungarian, Latvian, Lithuanian,
Romanian, Swedish, Norwegian, Danish, Indonesian, Malay, Azerbaijani, Uzbek, Vietnamese,
Georgian, Armenian, Bengali and Urdu; since Session 16 Tamil's, Amharic's, Galician's and
Icelandic's, and Thai, Lao, Burmese and Khmer words inside runs without spaces. Accents are
folded (users often type without them); Russian words, and those of the other scripts, are
matched by their start, whatever their ending.

Technical tokens (chip names, ids, module names) pass through unchanged, which is what makes
ranking largely language-independent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from hdtui.domain.lookahead import first_letters_ahead
from hdtui.domain.markup_remains import without_markup

_MARKS = ("\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670\u0900-\u0963\u0966-\u0dff"
          "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd"
          "\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d"
          "\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d\u17b4-\u17d3\u17dd\u200d")
"""Combining marks that are part of a word but not letters to ``\\w``: accents typed apart,
Hebrew and Arabic vowel points, and the vowel signs and viramas of Devanagari and the other
Indic scripts (without them "कंप्यूटर" fell apart into single letters); since
docs/matching.md, "Session 16: second rank round", the vowel signs, tone marks and viramas
of Thai, Lao, Burmese and Khmer (their punctuation, "။" or "។", still ends a word); and
the zero-width joiner that Sinhala and other Indic scripts write inside a conjunct
("ක්‍රියා", dropped from the word: ``words``)."""
_WORD_RE = re.compile(rf"[^\W_][\w{_MARKS}.+-]*(?:[^\W_]|[{_MARKS}])|[^\W_]", re.UNICODE)
_SPLIT_RE = re.compile(r"[.+-]")
_LATIN = "A-Za-z0-9\u00aa-\u024f\u02b0-\u02ff\u0300-\u036f\u1e00-\u1eff"
_OTHER_MARKS = _MARKS.replace("\u0300-\u036f", "")
_OTHER = rf"[^\W\d_{_LATIN}]|[{_OTHER_MARKS}]"
_SCRIPT_SPLIT_RE = re.compile(rf"(?<=[{_LATIN}])(?={_OTHER})|(?<={_OTHER})(?=[{_LATIN}])")
"""Where Latin letters or digits (with their accents) meet the letters or marks of another
script: Armenian and Tamil write a case ending after a program's name ("KeePassXC-ում",
"Browser-இல்"; glued too, "keepassxcի"), Korean its particles ("USB가"). A word of one
script, an id or a domain does not split (docs/matching.md). The modifier letters
(U+02B0-U+02FF) are Latin: the ʻokina of Hawaiian, Samoan and Tongan and Uzbek's "oʻ" are
letters of a word ("pōʻeleʻele", "oʻrnatish"), which split at them gave junk words like
"po" ("Session 22: the ʻokina is a letter")."""

_STOPWORDS_TEXT = """
the and for with that this from have has had not but are was were you your can cannot
will would could should when what which who how why after before into onto over under
then than there their they them its it's also just like only very some any all more most
does did doing done been being get got make made use used using tails report reports
issue issues problem problems work works working help please thanks thank hello
now new old shows show showed see seen saw say says said know need want try tried trying
thing things something anything nothing everything way time times day days still again
computer laptop machine pc http https www com org net html link click clicked email mail
one two our out off our yes can't don't doesn't didn't isn't won't i'm it's my me there
les des une est pas que qui pour avec dans sur mais mon mes par plus sont ont ça cette
elle nous vous tout rien très aussi quand comme même été être fait faire
los las una por con del para pero como mas sus ser esta este está están estoy cuando
también hay puedo tengo eso esto nada donde aunque después ahora hace ya muy sin
der die das und ist nicht mit von sich auf ein eine den dem ich einen wenn aber habe kann
wird wie nach bei noch nur oder mein meine werden wurde ohne schon dass sie wir kein keine
il di che è non per sono ho della dei delle nel nella gli questo questa anche più
uma não em eu na ao dos meu minha você isso também tenho pode foi já
en el la le de du un et es se si ne il lo mi te tu ma au da di im zu am um an in is on at to
of or if so be we as it do no by up à é
kb mb gb tb kib mib gib tib
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# Everyday words of support mail in other languages -> the English word issues use.
# Only words that carry the problem (devices, symptoms), never names of products. A word that
# means something else too in a language listed here stays out ("son": sound and "his").
_LEXICON_TEXT = """
wlan=wifi wi-fi=wifi wifi=wifi réseau=network réseaux=network red=network redes=network
inalámbrico=wifi inalámbrica=wifi nettverk=network netværk=network nätverk=network
trådløs=wifi trådløse=wifi trådløst=wifi trådlös=wifi trådlöst=wifi
netzwerk=network netzwerke=network rete=network reti=network rede=network
clavier=keyboard teclado=keyboard tastatur=keyboard tastiera=keyboard
souris=mouse ratón=mouse maus=mouse mice=mouse
pavé=touchpad touchpad=touchpad
écran=screen pantalla=screen bildschirm=screen schermo=screen tela=screen
noir=black noire=black negra=black negro=black schwarz=black schwarzer=black nero=black
preta=black gris=grey grise=grey grau=grey grigio=grey
démarrage=start démarrer=start démarre=start arranque=start arrancar=start arranca=start
iniciar=start starten=start startet=start avvio=start
mot=password contraseña=password passwort=password kennwort=password senha=password
clave=key schlüssel=key chiave=key chave=key
sonido=sound audio=sound suono=sound som=sound
carte=card tarjeta=card karte=card scheda=card placa=card
graphique=graphics gráfica=graphics grafikkarte=graphics grafica=graphics
update=upgrade updates=upgrade updated=upgrade
mise=upgrade actualización=upgrade aktualisierung=upgrade aggiornamento=upgrade
actualizar=upgrade aktualisieren=upgrade aggiornare=upgrade atualizar=upgrade
atualização=upgrade
stockage=storage almacenamiento=storage speicher=storage archiviazione=storage
armazenamento=storage
persistant=persistent persistente=persistent persistenter=persistent
erreur=error fehler=error errore=error erro=error
pont=bridge ponts=bridge puente=bridge puentes=bridge brücke=bridge brücken=bridge
ponte=bridge
connexion=connection conexión=connection verbindung=connection connessione=connection
conexão=connection
bloqué=stuck bloqueado=stuck hängt=stuck bloccato=stuck
gelé=freezes congela=freezes friert=freezes figé=freezes fige=freezes cuelga=freezes
eingefroren=freezes congelato=freezes trava=freezes travou=freezes travado=freezes
colgado=freezes colgada=freezes colgó=freezes
mémoire=memory memoria=memory arbeitsspeicher=memory ram=memory
disposition=layout tastaturlayout=layout
langue=language idioma=language sprache=language lingua=language
klavaro=keyboard klavaron=keyboard linguo=language lingvo=language
administración=administration amministrazione=administration administração=administration
horloge=clock reloj=clock uhr=clock orologio=clock relógio=clock
heure=hour heures=hour hora=hour horas=hour stunde=hour stunden=hour
faux=wrong fausse=wrong mauvais=wrong mauvaise=wrong incorrecte=wrong incorrecta=wrong
incorrecto=wrong equivocada=wrong equivocado=wrong falsch=wrong falsche=wrong
sbagliata=wrong sbagliato=wrong errata=wrong errato=wrong errada=wrong errado=wrong
plante=crash planté=crash plantage=crash crashe=crash absturz=crash abgestürzt=crash
stürzt=crash crasha=crash plantent=crash
ferme=close fermé=close cierra=close cerrar=close schließt=close geschlossen=close
chiude=close chiudere=close fechar=close
schließe=close schließen=close zuklappen=close fermeture=close fermer=close
deckel=lid capot=lid
frozen=freezes figée=freezes figés=freezes figées=freezes
onglet=tab onglets=tab pestaña=tab pestañas=tab registerkarte=tab aba=tab abas=tab
navigateur=browser navegador=browser
compte=account cuenta=account konto=account
fenêtre=window ventana=window fenster=window finestra=window janela=window
blanc=white blanche=white blanca=white blanco=white weiß=white weiss=white weißes=white
bianca=white bianco=white branca=white branco=white
vide=blank vacía=blank vacío=blank leer=blank leeres=blank vuota=blank vuoto=blank
vazia=blank vazio=blank
haut-parleur=speaker haut-parleurs=speaker altavoz=speaker altavoces=speaker
lautsprecher=speaker altoparlante=speaker altoparlanti=speaker alto-falante=speaker
lautsprechern=speaker kopfhörer=headphone kopfhörern=headphone
micro=microphone micrófono=microphone mikrofon=microphone microfono=microphone
microfone=microphone
lent=slow lente=slow lento=slow lenta=slow langsam=slow devagar=slow
connecter=connect connecte=connect conectar=connect conecta=connect verbinden=connect
verbindet=connect connettere=connect connette=connect collegare=connect
déverrouiller=unlock déverrouillage=unlock desbloquear=unlock entsperren=unlock
sbloccare=unlock
sperrbildschirm=lockscreen bildschirmsperre=lockscreen salvapantallas=screensaver
imprimante=printer impresora=printer drucker=printer stampante=printer impressora=printer
imprimer=print imprimir=print drucken=print stampare=print
ventilador=fan ventiladores=fan ventilateur=fan ventilateurs=fan lüfter=fan ventola=fan
ventole=fan wentylator=fan wentylatory=fan wentylatora=fan вентилятор=fan вентиляторы=fan
caméra=camera cámara=camera kamera=camera fotocamera=camera câmera=camera
batterie=battery batería=battery akku=battery batteria=battery bateria=battery
akkustand=battery akkuanzeige=battery akkuladung=battery akkuladestand=battery
akkulaufzeit=battery akkuleistung=battery akkukapazität=battery akkusymbol=battery
veille=suspend suspensión=suspend ruhezustand=suspend sospensione=suspend suspensão=suspend
suspender=suspend suspendre=suspend
installer=install instalar=install installieren=install installare=install
disque=disk disco=disk festplatte=disk
fichier=file fichiers=file datei=file dateien=file archivo=file archivos=file arquivo=file
arquivos=file
copier=copy copiar=copy kopieren=copy copiare=copy
chiavetta=stick pendrive=stick usb-stick=stick
coller=paste collé=paste pegar=paste pegado=paste einfügen=paste incollare=paste incolla=paste
colar=paste colado=paste wklej=paste wklejanie=paste vložit=paste yapıştır=paste plakken=paste
pivoté=rotated pivotée=rotated gedreht=rotated ruotato=rotated ruotata=rotated rotado=rotated
rotada=rotated rotacionada=rotated obrócony=rotated otočený=rotated otočená=rotated
döndürülmüş=rotated gedraaid=rotated
obrazovka=screen obrazovce=screen obrazovku=screen displej=display černá=black černé=black
černou=black černý=black bílá=white bílé=white bílou=white prázdná=blank prázdné=blank
prázdnou=blank klávesnice=keyboard klávesnici=keyboard myš=mouse zvuk=sound zvuku=sound
reproduktor=speaker reproduktory=speaker síť=network sítě=network síti=network
připojit=connect připojení=connection heslo=password hesla=password heslem=password
hodiny=clock hodinách=clock chyba=error chybu=error chyby=error chybou=error špatně=wrong
špatný=wrong špatné=wrong špatná=wrong špatnou=wrong zamrzne=freezes zamrzá=freezes
zamrzl=freezes zamrzlo=freezes zasekne=stuck zaseknutý=stuck spadne=crash spadl=crash
aktualizace=upgrade aktualizaci=upgrade kameru=camera tiskárna=printer tiskárnu=printer
baterie=battery prohlížeč=browser prohlížeči=browser okno=window okna=window
záložka=tab záložky=tab záložku=tab úložiště=storage trvalé=persistent trvalém=persistent
paměť=memory pomalý=slow pomalá=slow pomalu=slow účet=account účtu=account
rozložení=layout jazyk=language odemknout=unlock odemčení=unlock
ekranie=screen czarny=black czarna=black czarne=black czarnym=black biały=white
biała=white białe=white bialy=white biala=white biale=white pusty=blank pusta=blank
puste=blank klawiatura=keyboard klawiatury=keyboard klawiaturę=keyboard mysz=mouse
dźwięk=sound dźwięku=sound dzwiek=sound dzwieku=sound głośnik=speaker głośniki=speaker
sieć=network sieci=network połączenie=connection połączyć=connect polaczenie=connection
hasło=password hasła=password hasłem=password haslo=password hasla=password zegar=clock
zegara=clock błąd=error błędu=error błędy=error blad=error bledu=error
nieprawidłowy=wrong nieprawidłowa=wrong nieprawidłowe=wrong nieprawidlowy=wrong
nieprawidlowa=wrong nieprawidlowe=wrong zawiesza=freezes zawiesił=freezes zawiesil=freezes
aktualizacja=upgrade aktualizacji=upgrade kamery=camera drukarka=printer drukarki=printer
baterii=battery przeglądarka=browser przeglądarki=browser przegladarka=browser
przegladarki=browser trwała=persistent trwały=persistent trwałej=persistent trwala=persistent
pamięć=memory pamięci=memory pamiec=memory pamieci=memory konta=account
układ=layout język=language odblokować=unlock odblokowac=unlock
ekran=screen ekranı=screen siyah=black beyaz=white klavye=keyboard klavyesi=keyboard
düzen=layout düzeni=layout düzenini=layout dil=language dilini=language
ses=sound sesi=sound hoparlör=speaker kablosuz=wifi bağlantı=connection bağlantısı=connection
bağlanmıyor=connect şifre=password şifresi=password parola=password saat=clock saati=clock
hata=error hatası=error yanlış=wrong donuyor=freezes dondu=freezes takılıyor=stuck
çöküyor=crash çöktü=crash güncelleme=upgrade güncellemesi=upgrade yazıcı=printer
batarya=battery tarayıcı=browser pencere=window sekme=tab sekmeler=tab köprü=bridge
köprüler=bridge depolama=storage kalıcı=persistent bellek=memory yavaş=slow hesap=account
depolamanın=storage depolaması=storage belleği=memory belleğim=memory hafıza=memory
hafızası=memory hafızayla=memory
skrini=screen nyeusi=black nyeupe=white kibodi=keyboard sauti=sound mtandao=network
intaneti=internet kuunganisha=connect kuunganishwa=connect nenosiri=password saa=clock
hitilafu=error vibaya=wrong inakwama=stuck imekwama=stuck inaganda=freezes kusasisha=upgrade
sasisho=upgrade printa=printer betri=battery kivinjari=browser dirisha=window kichupo=tab
daraja=bridge hifadhi=storage kumbukumbu=memory polepole=slow akaunti=account lugha=language
scherm=screen zwart=black witte=white toetsenbord=keyboard muis=mouse geluid=sound
luidspreker=speaker netwerk=network verbinding=connection wachtwoord=password klok=clock
foutmelding=error verkeerd=wrong verkeerde=wrong bevriest=freezes vastgelopen=stuck
venster=window tabblad=tab opslag=storage geheugen=memory traag=slow taal=language
ontgrendelen=unlock
désactivé=disabled désactivée=disabled désactivés=disabled désactivées=disabled
desactivado=disabled desactivada=disabled desactivados=disabled desactivadas=disabled
desativado=disabled desativada=disabled desativados=disabled desativadas=disabled
desligado=disabled desligada=disabled desligados=disabled desligadas=disabled
deaktiviert=disabled disattivato=disabled disattivata=disabled disattivati=disabled
disattivate=disabled uitgeschakeld=disabled wyłączone=disabled wyłączony=disabled
perdu=lost perdue=lost perdus=lost perdues=lost perdido=lost perdida=lost perdidos=lost
perdidas=lost verloren=lost
accueil=welcome bienvenida=welcome willkommen=welcome willkommensbildschirm=welcome
benvenuto=welcome benvenuti=welcome boas-vindas=welcome uvítací=welcome powitalny=welcome
powitalnym=welcome karibu=welcome beständig=persistent beständige=persistent
beständiger=persistent beständigen=persistent
niebezpieczna=unsafe niebezpieczny=unsafe
unsicher=unsafe unsichere=unsafe unsicherer=unsafe unsicheren=unsafe inseguro=unsafe insicuro=unsafe
conta=account contas=account fechou=close fecham=close fechando=close
instalación=installation instalação=installation installazione=installation
adicional=additional adicionales=additional adicionais=additional aggiuntivo=additional
aggiuntivi=additional aggiuntive=additional zusätzliche=additional zusätzlichen=additional
supplémentaires=additional
luminosité=brightness brillo=brightness helligkeit=brightness luminosità=brightness
brilho=brightness jasność=brightness jas=brightness parlaklık=brightness helderheid=brightness
mic=microphone
entrée=input entrada=input eingang=input ingresso=input
sortie=output salida=output ausgang=output ausgabe=output uscita=output saída=output
interne=internal interno=internal interna=internal interner=internal internes=internal
factice=dummy ficticia=dummy ficticio=dummy fittizia=dummy fittizio=dummy fictícia=dummy
altofalante=speaker altofalantes=speaker alto-falantes=speaker
muet=mute stumm=mute silenciado=mute muto=mute mudo=mute
déjà=already bereits=already già=already
adaptateur=adapter adaptador=adapter adattatore=adapter adaptér=adapter
métadonnées=metadata métadonnée=metadata metadatos=metadata metadaten=metadata
metadati=metadata metadados=metadata
captif=captive cautivo=captive cativo=captive
interrompu=interrupted interrompue=interrupted interrompre=interrupted
interrumpido=interrupted interrumpida=interrupted interrotto=interrupted interrotta=interrupted
interrompido=interrupted interrompida=interrupted abgebrochen=interrupted
abgebrochene=interrupted abgebrochenem=interrupted abgebrochenen=interrupted
przerwana=interrupted przerwany=interrupted kesildi=interrupted yarıda=interrupted
onderbroken=interrupted
cassé=broken cassée=broken kaputt=broken kaputte=broken kaputtes=broken rotto=broken
rotta=broken roto=broken rota=broken quebrado=broken quebrada=broken
trouve=find trouver=find trouvé=find trouvée=find introuvable=find encuentro=find
encontrar=find encuentra=find encuentran=find encontré=find encontro=find encontra=find
encontrei=find finde=find finden=find findet=find trovo=find trovare=find trova=find
trovato=find trovata=find znaleźć=find znalezc=find znajduję=find znajduje=find
bulamıyorum=find bulamadım=find vind=find vinden=find
accepte=accept accepter=accept accepté=accept acceptée=accept acepta=accept aceptar=accept
aceptado=accept aceptada=accept akzeptiert=accept akzeptieren=accept accetta=accept
accettare=accept accettato=accept accettata=accept aceita=accept aceitar=accept
aceito=accept aceitou=accept akceptuje=accept akceptowane=accept
spécial=special spéciaux=special spéciale=special spéciales=special especial=special
especiales=special especiais=special speciale=special speciali=special spezielle=special
speziellen=special specjalne=special specjalnych=special
caractère=character caractères=character carácter=character caracteres=character
caractere=character carattere=character caratteri=character zeichen=character
sonderzeichen=character znaki=character znaków=character
redémarrer=restart redémarré=restart redémarrage=restart reiniciar=restart
reinicio=restart reiniciado=restart riavviare=restart riavvio=restart riavviato=restart
neustart=restart neustarten=restart
begrüßungsbildschirm=welcome administrationspasswort=administration
automatically=automatic automático=automatic automática=automatic automatico=automatic
automatica=automatic automatici=automatic automatiche=automatic automáticamente=automatic
automaticamente=automatic
automatique=automatic automatiques=automatic automatiquement=automatic
automatisch=automatic automatische=automatic automatischen=automatic
automatischer=automatic automatisches=automatic automatyczna=automatic
automatyczne=automatic automatycznie=automatic otomatik=automatic
passphrase=password passphrases=password
admin=administration administrator=administration administrateur=administration
administrador=administration amministratore=administration yönetici=administration
adminpasswort=administration administratorpasswort=administration
disappeared=lost vanished=lost gone=lost sparito=lost sparita=lost spariti=lost sparite=lost
scomparso=lost scomparsa=lost scomparsi=lost scomparse=lost disparu=lost disparue=lost
disparus=lost disparues=lost desapareció=lost desaparecieron=lost desaparecido=lost
desaparecida=lost desaparecidos=lost desaparecidas=lost desapareceu=lost
desapareceram=lost sumiu=lost sumiram=lost verschwunden=lost
funktionen=feature fonctionnalités=feature fonctionnalité=feature funciones=feature
funcionalidades=feature características=feature funzionalità=feature funzioni=feature
recursos=feature funkcje=feature funkcji=feature özellikler=feature özellikleri=feature
functies=feature funkce=feature
ausgeschaltet=disabled abgeschaltet=disabled éteint=disabled éteints=disabled
éteinte=disabled éteintes=disabled apagado=disabled apagada=disabled apagados=disabled
apagadas=disabled spento=disabled spenta=disabled spenti=disabled spente=disabled
wyłączona=disabled wyłączonych=disabled kapalı=disabled vypnuto=disabled vypnuté=disabled
vypnutá=disabled vypnutý=disabled
refusé=accept refusée=accept rechazada=accept rechazado=accept
rifiutata=accept rifiutato=accept recusada=accept recusado=accept abgelehnt=accept
angenommen=accept odrzucone=accept odrzucony=accept reddedildi=accept
drahtlos=wifi drahtlose=wifi drahtlosen=wifi drahtloses=wifi bezprzewodowa=wifi
bezprzewodowy=wifi bezprzewodowe=wifi bezprzewodowej=wifi bezdrátová=wifi bezdrátové=wifi
dodatkowe=additional dodatkowego=additional dodatkowych=additional dodatkowa=additional
oprogramowanie=software oprogramowania=software logiciel=software logiciels=software
instalacja=installation instalacji=installation
serveur=server serveurs=server servidor=server servidores=server serwer=server
serwera=server serwery=server serwerami=server serwerów=server sunucu=server
sunucular=server sunucuya=server
łączy=connect połączy=connect niepołączony=connect łączyć=connect połączyć=connect
azerty=layout qwerty=layout qwertz=layout
état=state estado=state stato=state zustand=state stav=state stave=state stavu=state
stanie=state durumda=state
partielle=partial partiel=partial partielles=partial parcial=partial parciales=partial
parcialmente=partial parziale=partial parziali=partial parzialmente=partial
teilweise=partial częściowa=partial częściowo=partial częściowe=partial kısmi=partial
importer=import tangentbord=keyboard
tangentbordet=keyboard skärm=screen skärmen=screen skjerm=screen skjermen=screen
skærm=screen skærmen=screen ljud=sound ljudet=sound lyd=sound lyden=sound lösenord=password
lösenordet=password passord=password passordet=password adgangskode=password
adgangskoden=password fel=error felet=error feil=error feilen=error fejl=error fejlen=error
fryser=freezes kraschar=crash krasjer=crash fönster=window fönstret=window vindu=window
vinduet=window vindue=window vinduet=window språk=language språket=language sprog=language
sproget=language minne=memory minnet=memory hukommelse=memory långsam=slow langsom=slow
treg=slow lagring=storage lagringen=storage webbläsare=browser nettleser=browser
näppäimistö=keyboard näppäimistön=keyboard asettelu=layout kieli=language kielen=language
näyttö=screen näytön=screen musta=black valkoinen=white ääni=sound ääntä=sound
verkko=network verkkoon=network langaton=wifi langattoman=wifi salasana=password
salasanan=password virhe=error virheen=error jumittaa=freezes jäätyy=freezes kaatuu=crash
muisti=memory hidas=slow ikkuna=window selain=browser valge=white heli=sound võrk=network
võrgu=network võrku=network parool=password parooli=password viga=error
veateade=error veateate=error mälu=memory aeglane=slow aken=window akna=window keel=language
keele=language paigutus=layout crna=black crni=black crno=black crnom=black bijela=white
bijeli=white bijelo=white
prozor=window prozora=window greška=error greške=error grešku=error grešci=error
geslo=password gesla=password geslom=password napaka=error napako=error zaslon=screen
zaslona=screen zaslonu=screen tipkovnica=keyboard tipkovnice=keyboard tipkovnico=keyboard
jezik=language jezika=language jeziku=language brskalnik=browser preglednik=browser
pregledač=browser fekete=black fehér=white hiba=error hibát=error hibaüzenet=error
ablak=window ablakot=window lassú=slow jelszó=password jelszót=password jelszava=password
negru=black neagră=black neagra=black alb=white sunet=sound sunetul=sound
eroare=error erori=error eroarea=error parola=password parolă=password parolei=password
parolele=password fereastra=window fereastră=window limba=language limbă=language
stocare=storage memorie=memory memoria=memory pornire=start pornește=start porneste=start
juodas=black juodą=black juodas=black balta=white baltas=white garsas=sound garso=sound
kalba=language kalbą=language kalbos=language klaida=error klaidą=error klaidos=error
melns=black melna=black melnu=black balts=white baltu=white
valoda=language valodu=language valodas=language paroli=password
paroles=password kļūda=error kļūdu=error kļūdas=error
parol=password parolni=password parolim=password layar=screen layarnya=screen skrin=screen
hitam=black putih=white suara=sound bunyi=sound jaringan=network rangkaian=network
nirkabel=wifi sandi=password laluan=password galat=error ralat=error kesalahan=error
lambat=slow bahasa=language penyimpanan=storage memori=memory jendela=window
tetingkap=window peramban=browser pelayar=browser kemaskini=upgrade pembaruan=upgrade
diperbarui=upgrade memperbarui=upgrade perbarui=upgrade pemutakhiran=upgrade macet=freezes
membeku=freezes tersekat=stuck terdeteksi=detected dikesan=detected qara=black səs=sound
xəta=error pəncərə=window yaddaş=memory brauzer=browser qora=black tovush=sound xato=error
xotira=memory
kekunci=keyboard
halb=partial halbe=partial halbes=partial napůl=partial
połowicznie=partial graue=grey grauer=grey graues=grey grauen=grey
svart=black svarta=black
contrasinal=password contrasinais=password benvida=welcome vitt=white tomma=blank
tomt=blank inloggning=login inloggningen=login skjár=screen skjárinn=screen skjánum=screen
schalter=feature schaltern=feature optionen=feature opções=feature opciones=feature
opzioni=feature schakelaars=feature schakelaar=feature interruptores=feature
interrupteurs=feature
"""
# Session 17, rank round (docs/matching.md, "Session 17: rank round"): the words the known
# issues are told apart by, in languages the labelled sets had barely used (Swahili, Hausa,
# Yoruba, Uzbek, Lithuanian), and the numeric keypad, photos and their turning.
_RARE_LANGUAGES_TEXT = """
kompyuta=computer kuwasha=start kuwashwa=start kuanzisha=start pasiwaya=wifi
muunganisho=connection miunganisho=connection nywila=password kuganda=freezes imeganda=freezes
kichapishi=printer uboreshaji=upgrade kusasishwa=upgrade imesasishwa=upgrade
sasisha=upgrade masasisho=upgrade makosa=error kicharazio=keyboard madaraja=bridge
ufunguo=key funguo=key haiwaki=start inawaka=start
kwamfuta=computer madannai=keyboard kuskure=error kurakurai=error sabuntawa=upgrade
sabunta=upgrade sabuntar=upgrade intanet=internet daskare=freezes daskarewa=freezes
firinta=printer dindindin=persistent gada=bridge gadoji=bridge
agogo=clock
dúdú=black funfun=white àṣìṣe=error ayélujára=internet kọ̀ǹpútà=computer
ìmúdójúìwọ̀n=upgrade aago=clock
kompyuter=computer simsiz=wifi soat=clock soati=clock tarmoq=network
tarmoqqa=network tarmoqni=network ovoz=sound ovozi=sound oq=white xatolik=error xatoligi=error
juodame=black juodu=black baltą=white baltame=white tiltas=bridge
tiltai=bridge tiltus=bridge tiltų=bridge
numpad=keypad numblock=keypad ziffernblock=keypad nummernblock=keypad tastierino=keypad
foto=photo fotos=photo fotoğraf=photo fotoğraflar=photo fotoğrafları=photo
fotoğraflarım=photo ruotate=rotated ruotati=rotated
"""
# Session 17, second rank round (docs/matching.md, "Session 17: second rank round"): the
# European Portuguese black screen ("ecrã preto"), the Dutch participle of "updaten".
_SECOND_ROUND_TEXT = """
preto=black ecrã=screen geüpdatet=upgrade bijgewerkt=upgrade
"""
# Session 17, cluster pairs round (docs/insight.md, "Session 17, twenty-seventh round:
# cluster pairs"): a screen that goes off while a video plays, in Slovene and Basque
# (sound, screen, black, a light or screen that goes out) and the video itself where a
# case ending is added (Slovene "videom", Basque "bideoa"); Cyrillic and Arabic-script
# forms are whole words (``_SCREEN_VIDEO_WHOLE``).
_SCREEN_VIDEO_TEXT = """
zvok=sound zvoka=sound zvoku=sound soinu=sound soinua=sound soinuak=sound
pantaila=screen pantailak=screen pantailan=screen pantailako=screen
beltz=black beltza=black črn=black
ugasne=disabled ugasnil=disabled ugasnila=disabled ugasnjen=disabled ugasnjena=disabled
itzali=disabled itzalita=disabled itzaltzen=disabled
video=video videa=video videu=video videom=video videi=video videov=video
bideo=video bideoa=video bideoak=video bideoan=video bideoaren=video
schriftart=font schriftarten=font lettertype=font lettertypes=font typsnitt=font
typsnittet=font skrifttype=font skrifttypen=font
"""
LEXICON: dict[str, str] = dict(
    pair.split("=", 1)
    for pair in (_LEXICON_TEXT + _RARE_LANGUAGES_TEXT + _SECOND_ROUND_TEXT
                 + _SCREEN_VIDEO_TEXT).split())
"""Words typed without their accents find their entry through ``lexicon_word``."""

# Russian and Persian words, by the start of the word: Russian endings change with case and
# tense (вкладка, вкладки, вкладку), so a stem matches every form of it. Four letters at
# least, so that no short stem takes an unrelated word.
_PREFIX_LEXICON_TEXT = """
часы=clock часов=clock часах=clock ساعت=clock
неправильн=wrong неверн=wrong اشتباه=wrong
вылет=crash падает=crash упал=crash крэш=crash کرش=crash
закрыва=close закрыл=close بسته=close
вкладк=tab
автоматическ=automatic
браузер=browser مرورگر=browser
аккаунт=account учетн=account حساب=account
окно=window окна=window окне=window پنجره=window
белое=white белый=white белым=white سفید=white
пуст=blank خالی=blank
звук=sound صدا=sound
динамик=speaker
завис=freezes
медлен=slow
черн=black سیاه=black
экран=screen صفحه=screen نمایشگر=screen
файл=file فایل=file
клавиатур=keyboard کیبورد=keyboard
тачпад=touchpad
мыш=mouse
вайфай=wifi вайфая=wifi вайфаю=wifi вайфаем=wifi вай-фай=wifi وای‌فای=wifi وایفای=wifi
сеть=network сети=network сетей=network شبکه=network
интернет=internet اینترنت=internet
подключ=connect وصل=connect
соединени=connection اتصال=connection
мост=bridge پل=bridge
парол=password رمز=password
найти=find нахож=find принима=accept перезагру=restart
разблокир=unlock
принтер=printer چاپگر=printer
камер=camera دوربین=camera
обновлени=upgrade обновит=upgrade آپدیت=upgrade به‌روزرسانی=upgrade بهروزرسانی=upgrade
بروزرسانی=upgrade
установ=install نصب=install
загруз=start запуск=start
ошибк=error خطا=error
флешк=stick
раскладк=layout язык=language приветстви=welcome καλωσορισ=welcome स्वागत=welcome 환영=welcome
ترحيب=welcome खिड़की=window खिडकी=window отключен=disabled выключен=disabled
потерял=lost потерян=lost
вставит=paste вставк=paste повернут=rotated переверн=rotated چسباند=paste چرخید=rotated
회전=rotated 복사=copy 붙여넣=paste
екран=screen клавіатур=keyboard чорн=black білий=white біле=white біла=white мереж=network
підключ=connect годинник=clock помилк=error вилітає=crash оновлен=upgrade встанов=install
вікно=window вікна=window сховищ=storage повільн=slow обліков=account розкладк=layout
استيراد=import مفتاح=key
شاشة=screen شاشه=screen مفاتيح=keyboard كيبورد=keyboard صوت=sound سماعات=speaker
شبكة=network انترنت=internet إنترنت=internet واي=wifi فاي=wifi وايفاي=wifi
متصل=connect مرور=password ساعة=clock خطأ=error خاطئ=wrong خاطئة=wrong سوداء=black
أسود=black بيضاء=white أبيض=white فارغة=blank تجمد=freezes يتجمد=freezes متجمد=freezes
يتعطل=crash تعطل=crash تحديث=upgrade تثبيت=install كاميرا=camera طابعة=printer
بطارية=battery ماوس=mouse متصفح=browser نافذة=window تبويب=tab جسر=bridge جسور=bridge
تخزين=storage ذاكرة=memory بطيء=slow لغة=language ترقية=upgrade تنزيل=download
מסך=screen שחור=black שחורה=black לבן=white לבנה=white ריק=blank ריקה=blank
מקלדת=keyboard עכבר=mouse צליל=sound שמע=sound רמקול=speaker אוזניות=speaker רשת=network
אינטרנט=internet אלחוט=wifi וייפיי=wifi חיבור=connection התחבר=connect מתחבר=connect
סיסמ=password שעון=clock שעה=hour שעות=hour שגיאה=error שגוי=wrong נתקע=stuck תקוע=stuck
קופא=freezes קפא=freezes קורס=crash עדכון=upgrade התקנ=install מצלמ=camera מדפסת=printer
סוללה=battery דפדפן=browser חלון=window לשונית=tab גשר=bridge גשרים=bridge אחסון=storage
זיכרון=memory איטי=slow חשבון=account פריסת=layout שפה=language
οθονη=screen μαυρ=black λευκ=white ασπρ=white κενη=blank κενο=blank πληκτρολογ=keyboard
ποντικ=mouse ηχο=sound ηχει=speaker δικτυ=network ασυρματ=wifi διαδικτυ=internet
συνδεσ=connection συνδε=connect κωδικ=password ρολοι=clock σφαλμα=error λαθο=wrong
λαθα=wrong κολλα=freezes παγων=freezes κρασαρ=crash ενημερωσ=upgrade εγκαταστ=install
καμερα=camera εκτυπωτ=printer μπαταρι=battery περιηγητ=browser παραθυρ=window καρτελ=tab
γεφυρ=bridge αποθηκευ=storage μονιμ=persistent μνημ=memory αργο=slow αργα=slow αργη=slow
λογαριασμ=account διαταξ=layout γλωσσ=language ξεκλειδ=unlock
स्क्रीन=screen काली=black काला=black सफेद=white सफ़ेद=white खाली=blank कीबोर्ड=keyboard
माउस=mouse आवाज=sound आवाज़=sound ध्वनि=sound स्पीकर=speaker नेटवर्क=network वाईफाई=wifi
वाई-फाई=wifi वाई=wifi फाई=wifi इंटरनेट=internet कनेक्शन=connection कनेक्ट=connect पासवर्ड=password
घड़ी=clock घडी=clock त्रुटि=error एरर=error गलत=wrong ग़लत=wrong अटक=stuck फ्रीज=freezes
फ़्रीज़=freezes हैंग=freezes क्रैश=crash अपडेट=upgrade इंस्टॉल=install कैमरा=camera
प्रिंटर=printer बैटरी=battery ब्राउज़र=browser ब्राउजर=browser विंडो=window टैब=tab
ब्रिज=bridge स्टोरेज=storage मेमोरी=memory धीमा=slow धीमी=slow खाता=account लेआउट=layout
भाषा=language अनलॉक=unlock
화면=screen 검은=black 검정=black 까만=black 흰=white 하얀=white 키보드=keyboard
마우스=mouse 소리=sound 스피커=speaker 네트워크=network 와이파이=wifi 무선=wifi 인터넷=internet
연결=connect 비밀번호=password 암호=password 시계=clock 오류=error 에러=error 잘못=wrong
멈춰=freezes 멈추=freezes 멈춤=freezes 먹통=freezes 충돌=crash 튕겨=crash 튕김=crash
업데이트=upgrade 설치=install 카메라=camera 프린터=printer 배터리=battery 브라우저=browser
브리지=bridge 브릿지=bridge 저장소=storage 영구=persistent 메모리=memory 느려=slow 느린=slow
계정=account 자판=layout 언어=language 관리자=administration
администр=administration مدیر=administration
беспроводн=wifi бездротов=wifi дополнительн=additional зеркал=mirror 추가=additional
소프트웨어=software отклон=accept небезопасн=unsafe ناامن=unsafe
أجد=find اجد=find يتصل=connect 찾=find
функции=feature функций=feature функция=feature функцию=feature функції=feature
قابلیت=feature ویژگی=feature ميزات=feature ميزة=feature תכונות=feature 기능=feature
غیرفعال=disabled معطل=disabled 비활성=disabled 꺼져=disabled
частичн=partial наполовин=partial напів=partial جزئي=partial نیمه=partial
بلوتوث=bluetooth блютуз=bluetooth блютус=bluetooth 블루투스=bluetooth בלוטות=bluetooth
μπλουτουθ=bluetooth ब्लूटूथ=bluetooth
روزرسان=upgrade بروزرسان=upgrade خودکار=automatic
ماندگار=persistent دائمی=persistent الدائم=persistent ذخیره=storage
сервер=server سرور=server خادم=server 서버=server хранилищ=storage копир=copy копіюв=copy
состояни=state حالة=state وضعیت=state
맥북=macbook 애플=apple 에어=air 부팅=boot 터치패드=touchpad 인텔=intel 랩탑=laptop
레노버=lenovo 레노보=lenovo 씽크패드=thinkpad 아이디어패드=ideapad 에이서=acer 아수스=asus
에이수스=asus 마이크로소프트=microsoft 서피스=surface 아이맥=imac 맥미니=macmini
тастатур=keyboard клавіятур=keyboard пернетақта=keyboard распоред=layout подредб=layout
језик=language език=language лозинк=password бежичн=wifi безжичн=wifi повеза=connect
повезив=connect повезан=connect повезуј=connect свърз=connect падключ=connect қосыл=connect
грешк=error памылк=error қате=error ажурир=upgrade надоград=upgrade актуализ=upgrade
обновяв=upgrade абнаўлен=upgrade жаңарт=upgrade покрет=start стартир=start замрз=freezes
замръз=freezes трајн=persistent складишт=storage сховішч=storage мемориј=memory памет=memory
памяц=memory откључ=unlock прозор=window акно=window терезе=window прегледач=browser
браузър=browser браўзер=browser инстал=install усталяв=install штампач=printer
батериј=battery ქსელ=network ინტერნეტ=internet კლავიატურ=keyboard განლაგებ=layout
ენას=language ენის=language ენაზ=language ეკრან=screen პაროლ=password შეცდომ=error
განახლებ=upgrade ჩატვირთ=start მეხსიერებ=memory მუდმივ=persistent საცავ=storage
ბრაუზერ=browser ფანჯარ=window გაყინ=freezes თეთრ=white შავი=black
ստեղնաշար=keyboard էկրան=screen ձայն=sound ցանց=network գաղտնաբառ=password սխալ=error
թարմաց=upgrade սպիտակ=white մշտական=persistent պահեստ=storage հիշողությ=memory
լեզու=language դասավորությ=layout কীবোর্ড=keyboard স্ক্রিন=screen কালো=black সাদা=white
নেটওয়ার্ক=network ওয়াইফাই=wifi পাসওয়ার্ড=password ত্রুটি=error আপডেট=upgrade
সংযোগ=connect اسکرین=screen سکرین=screen آواز=sound غلطی=error پاسورڈ=password 로그인=login
하얗=white 하얀=white 창이=window 창을=window 창에=window 창은=window 썬더버드=thunderbird
பிழை=error தொடங்=start தொடக்க=start மறுதொடக்க=restart விசைப்பலக=keyboard
திரை=screen கருப்பு=black கறுப்பு=black வெள்ளை=white இணையம்=network இணைய=network
இணைப்பு=connect வைஃபை=wifi கடவுச்சொல்=password புதுப்பி=upgrade மேம்படுத்த=upgrade
உறைந்=freezes உலாவி=browser சேமிப்ப=storage நினைவக=memory கணினி=computer
업그레이드=upgrade 자동=automatic 재시작=restart 재부팅=restart
ዋይፋይ=wifi ኔትወርክ=network ኢንተርኔት=internet ግንኙነ=connect ብሉቱዝ=bluetooth ብራውዘር=browser
ስክሪን=screen ኪቦርድ=keyboard ስህተት=error ማሻሻያ=upgrade አፕዴት=upgrade ጥቁር=black ነጭ=white
ድምጽ=sound ድምፅ=sound ቋንቋ=language ይለፍ=password ፓስዎርድ=password ባዶ=blank ቀርፋፋ=slow
سرمئی=grey گرافکس=graphic کارڈ=card ورژن=version شروع=start
متن=text منتخب=select
קבוע=persistent נעלמ=lost איבד=lost סימניות=bookmark
"""
# Session 16, cluster pairs round (docs/insight.md, "Session 16, twenty-fourth round: cluster
# pairs"): the emoji, a loanword in most languages, by the start of the word in Cyrillic,
# Arabic and Persian letters (Latin ones: ``_EMOJI_LATIN_TEXT``).
_EMOJI_PREFIX_TEXT = """
эмодз=emoji эмоджи=emoji емодз=emoji емоджі=emoji ایموجی=emoji إيموجي=emoji ايموجي=emoji
"""
# Session 17, rank round: Kyrgyz, Tajik, Belarusian, Macedonian, Sinhala, Tigrinya and
# Amharic words of the issues by their start (docs/matching.md, "Session 17: rank round").
_RARE_PREFIX_TEXT = """
сырсөз=password тармак=network туташ=connect жаңырт=upgrade катып=freezes сактагыч=storage
жүктө=start саат=clock добуш=sound зымсыз=wifi сымсыз=wifi
көпүр=bridge көпір=bridge
сиеҳ=black сафед=white рамз=password хато=error шабака=network пайваст=connect навсоз=upgrade
забон=language садо=sound овоз=sound тиреза=window соат=clock хотира=memory
бесим=wifi оғоз=start
белы=white белае=white белая=white завіс=freezes перазагру=restart абнаўл=upgrade абнав=upgrade
бесправадн=wifi злучэнн=connection гук=sound злуч=connect мова=language мову=language мові=language
мовы=language прынтар=printer гадзіннік=clock сетк=network
јазик=language мреж=network поврз=connect печатач=printer надград=upgrade
рестарт=restart стартув=start макбук=macbook бұрыл=rotated
прерва=interrupted перерван=interrupted прекъсн=interrupted прекин=interrupted
තිරය=screen කළු=black සුදු=white මුරපද=password දෝෂ=error ශබ්ද=sound ජාල=network
අන්තර්ජාල=internet සම්බන්ධ=connect යාවත්කාලීන=upgrade ආරම්භ=start භාෂා=language ගබඩා=storage
පාලම=bridge කවුළු=window ඔරලෝසු=clock යතුරුපුවරු=keyboard
ጸሊም=black ጻዕዳ=white ድምጺ=sound ጌጋ=error መሕለፊ=password ኣፕዴት=upgrade ሰዓት=clock
መስኮት=window ኔትዎርክ=network ኢንተርነት=internet ማከማቻ=storage
ድልድይ=bridge ዩኤስቢ=usb ፍላሽ=stick ፕሪንተር=printer ማተሚያ=printer
"""
# Session 17, cluster pairs round: a light or screen that goes out, Russian and Ukrainian
# "гаснет", "погас", "гасне", "згасає", by their start (docs/insight.md, "Session 17,
# twenty-seventh round: cluster pairs").
_SCREEN_VIDEO_PREFIX_TEXT = """
гасн=disabled погас=disabled згас=disabled шрифт=font
"""
# Session 19, likely recall round: a CAPTCHA in the Cyrillic and Persian spellings the
# users write it in ("капча", "капчу", "کپچا", "کپچای"), the iPhone in Cyrillic,
# Persian, Bengali and Devanagari ("айфона", "আইফোনের"), and Bengali charge, trust, file
# and video, by their start (docs/insight.md, "Session 19, thirty-first round: likely
# recall").
_CAPTCHA_PREFIX_TEXT = """
капч=captcha کپچا=captcha
айфон=iphone آیفون=iphone আইফোন=iphone आईफोन=iphone
চার্জ=charge ফাইল=file ভিডিও=video
"""
# Session 22: the Persian keyboard is "صفحه‌کلید", a compound of "صفحه" (a screen, a page)
# and "کلید" (a key), joined by a zero-width non-joiner that mail often loses
# ("صفحهکلید"): by the prefix "صفحه" it was a screen (docs/matching.md, "Session 22: the
# Persian keyboard is no screen"). Written with a space, ``_persian_keyboard`` reads the
# pair.
_PERSIAN_KEYBOARD_PREFIX_TEXT = """
صفحهکلید=keyboard
"""
PREFIX_LEXICON: dict[str, str] = dict(
    pair.split("=", 1)
    for pair in (_PREFIX_LEXICON_TEXT + _EMOJI_PREFIX_TEXT + _RARE_PREFIX_TEXT
                 + _SCREEN_VIDEO_PREFIX_TEXT + _CAPTCHA_PREFIX_TEXT
                 + _PERSIAN_KEYBOARD_PREFIX_TEXT).split())
_PREFIX_LENGTHS = sorted({len(key) for key in PREFIX_LEXICON}, reverse=True)
_LATIN_PREFIX_LEXICON_TEXT = """
actualiz=upgrade actualis=upgrade aktualiz=upgrade aktualis=upgrade atualiz=upgrade
aggiorn=upgrade
automat=automatic restart=restart
partiti=partition particion=partition partizion=partition partycj=partition
tastatur=keyboard klaviatur=keyboard klavye=keyboard billentyuzet=keyboard
nappaimisto=keyboard klaviatuur=keyboard raspored=layout kiosztas=layout isdestym=layout
izkartojum=layout ekran=screen ekraan=screen ecran=screen kepernyo=screen zaslon=screen
halozat=network tinkl=network retea=network retel=network tikl=network bezicn=wifi
brezzicn=wifi belaid=wifi bezvadu=wifi kablosuz=wifi csatlakoz=connect
prisijung=connect savienoj=connect anslut=connect tilkobl=connect yhdist=connect
uhend=connect baglan=connect terhubung=connect menghubung=connect tersambung=connect
menyambung=connect qosul=connect lozink=password slaptazod=password sifre=password
jelszo=password salasan=password nadogradnj=upgrade azurir=upgrade posodob=upgrade
frissit=upgrade atnaujin=upgrade atjaunin=upgrade uuend=upgrade uppdater=upgrade
oppdater=upgrade opdater=upgrade paivit=upgrade guncelle=upgrade yenile=upgrade
zamrz=freezes lefagy=freezes inghet=freezes uzstring=freezes jaaty=freezes osszeoml=crash
trajn=persistent pusiv=persistent nuolatin=persistent pastavig=persistent allando=persistent
kalici=persistent kalıcı=persistent skladist=storage shramb=storage tarhely=storage
saugykl=storage kratuv=storage salvestus=storage depolam=storage memorij=memory atmin=memory
otkljuc=unlock odklen=unlock kaivit=start taaskaivit=restart pokrenu=start pokretanj=start
indit=start kaynnist=start paleid=start pregledac=browser bongesz=browser narsykl=browser
parluk=browser brauser=browser skarienpaliktn=touchpad jutiklin=touchpad automaat=automatic
yenilə=upgrade mreza=network mreze=network mrezi=network mrezu=network mrezn=network
povezat=connect povezan=connect povezivanj=connect povezuj=connect
fehler=error reinici=restart riavvi=restart redemarr=restart herstart=restart
þraðlaus=wifi lyklabor=keyboard lykilor=password uppfær=upgrade ræsi=start ræst=start
endurræs=restart
"""
# Session 16, cluster pairs round: the emoji with any ending ("emojik", "emojilər",
# "emojis"; docs/insight.md, "Session 16, twenty-fourth round: cluster pairs").
_EMOJI_LATIN_TEXT = """
emoji=emoji emodzs=emoji emodži=emoji emodzi=emoji
"""
# Session 17, rank round: Uzbek and Lithuanian roots, the Estonian keypad and the photo
# (docs/matching.md, "Session 17: rank round").
_RARE_LATIN_PREFIX_TEXT = """
yangila=upgrade muzla=freezes ulanm=connect xatol=error yuklan=start fleshk=stick
juod=black klaid=error uzsal=freezes pakimb=freezes pakib=freezes laikrod=clock
spausdintuv=printer garsiakalb=speaker perkrov=restart perkrau=restart atmintuk=stick
atmintin=stick numbriklahvistik=keypad fotograf=photo uzstrig=freezes
prerus=interrupted przerwan=interrupted przeryw=interrupted
megszak=interrupted prekin=interrupted intrerupe=interrupted intrerupt=interrupted
nutruk=interrupted pasileid=start nepasileid=start nepaleid=start neprisijung=connect
"""
# Session 17, cluster pairs round: the font, by its start in Uzbek and Polish ("shrift",
# "czcionka", "czcionki"; docs/insight.md, "Session 17, twenty-seventh round: cluster
# pairs").
_FONT_LATIN_TEXT = """
shrift=font czcionk=font
"""
# Session 23: a battery's percentage as German joins it into one word ("Prozentanzeige",
# "Akku-Prozentsatz") and as the Romance, Slavic and Nordic languages end it ("pourcentage",
# "porcentaje", "percentuale", "procentowy", "procenten"). The battery's German compounds
# ("Akkustand") are whole words of the lexicon: "akku" as a root would take Oromo "akkuma"
# (as, like) (docs/matching.md, "Session 23: lowered, never removed").
_BATTERY_LATIN_TEXT = """
prozent=percentage procent=percentage pourcent=percentage porcentaj=percentage
porcentag=percentage percentag=percentage percentual=percentage
"""
LATIN_PREFIX_LEXICON: dict[str, str] = dict(
    pair.split("=", 1) for pair in
    (_LATIN_PREFIX_LEXICON_TEXT + _EMOJI_LATIN_TEXT + _RARE_LATIN_PREFIX_TEXT
     + _FONT_LATIN_TEXT + _BATTERY_LATIN_TEXT).split())
"""Roots that many languages written in Latin letters share for a word of the issues, whatever
the ending their grammar adds: an upgrade is an "actualización", "actualizarea",
"aktualizáciu", "aktualisiert", "atualizado", "aggiornamenti", "updating", "upgraded"; a
partition a "partición", "partiția", "partizione", "partycja". Looked up (accents folded) only
when the whole word is not in the lexicon (docs/matching.md, "Session 14: rank round")."""
_LATIN_PREFIX_LENGTHS = sorted({len(key) for key in LATIN_PREFIX_LEXICON}, reverse=True)


def _latin_prefixed(word: str) -> str | None:
    """The English form of the root of a word written in Latin letters (accents folded),
    if ``LATIN_PREFIX_LEXICON`` knows it."""
    for length in _LATIN_PREFIX_LENGTHS:
        if len(word) >= length and word[:length] in LATIN_PREFIX_LEXICON:
            return LATIN_PREFIX_LEXICON[word[:length]]
    return None


_SCREEN_VIDEO_WHOLE = {"видео": "video", "відео": "video", "ویدیو": "video", "ویدئو": "video",
                      "فيديو": "video", "фонт": "font", "фонтот": "font", "фонтови": "font",
                      "фонтовите": "font"}
"""The video, a loanword that Russian, Ukrainian, Persian and Arabic do not decline: a whole
word only, since "видеокарта" is a graphics card (Session 17, cluster pairs round)."""
WHOLE_NON_LATIN: dict[str, str] = {"تور": "tor", "тор": "tor", "토르": "tor", "टोर": "tor",
                                   "هنگ": "freezes", "خاموش": "disabled", "السر": "password",
                                   **_SCREEN_VIDEO_WHOLE}
"""Names written in another script that only a whole word may be (a prefix would take
"توریست", tourist): Tor in Persian and Arabic, Russian and Ukrainian (тор, тора, торе by
its stem), Korean and Hindi."""
UNSTEMMED_NON_LATIN: dict[str, str] = {"ката": "error", "катасы": "error", "каталар": "error"}
"""Kyrgyz error, only as these very words: as a prefix it would take "катар" (a row; "as"),
and by its stem Russian "катаю" (I roll) (docs/matching.md, "Session 17: second rank
round"). Kyrgyz "боз" (grey) is left out: it is Tajik "again", "open" ("Session 17: the
review's mends")."""
_NON_LATIN_RE = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0900-\u097f"
    r"\u0980-\u0dff\u10a0-\u10ff\u1200-\u137f\uac00-\ud7af]")
"""Greek, Cyrillic, Armenian, Hebrew, Arabic and Persian, Devanagari, Bengali and the other
Indic scripts (Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala),
Georgian, Ethiopic (Amharic, since "Session 16: second rank round"), Hangul: words
matched by their start (their endings, or Korean's particles,
change with the sentence). Armenian, Bengali and Georgian since docs/matching.md, "Session
15: rank round"; the other Indic scripts since "Session 16: rank round" (Tamil glues its
case endings and tenses to the word: "தொடங்கும்போது", when starting)."""
_GREEK_RE = re.compile(r"[\u0370-\u03ff]")
_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف",
            "וה", "שה", "מה", "בה", "לה", "כש", "ו", "ה", "ב", "ל", "מ", "ש", "כ",
            "የ", "በ", "ከ", "ለ")
"""Articles, prepositions and conjunctions Arabic and Hebrew write joined to the next word
("المفاتيح", "במקלדת"), and Amharic ("የኔትወርክ", of the network), longest first: a word
that no prefix of the lexicon starts is looked up again without one of them."""
_RUSSIAN_ENDINGS = (
    "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ах", "ях", "ов", "ев", "ей", "ой",
    "ый", "ий", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ом", "ем", "ам", "ям", "а",
    "я", "о", "е", "ы", "и", "у", "ю", "ь", "й")
"""Longest first."""


def _russian_stem(word: str) -> str:
    """A crude Russian stem (one case or number ending off): экрана, экран -> экран."""
    for ending in _RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _prefixed(word: str) -> str | None:
    """The English form of the longest prefix of ``word`` the prefix lexicon knows."""
    for length in _PREFIX_LENGTHS:
        if len(word) >= length and word[:length] in PREFIX_LEXICON:
            return PREFIX_LEXICON[word[:length]]
    return None


def _non_latin(word: str) -> str:
    """A word of a script of ``_NON_LATIN_RE``: its English form by the prefix lexicon
    (after a joined article or preposition, in Arabic and Hebrew), else a stem (Russian
    endings off, Greek accents folded)."""
    word = word.replace("ё", "е")
    if _GREEK_RE.search(word):
        word = fold(word)
    found = _prefixed(word)
    if found is not None:
        return found
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            found = _prefixed(word[len(clitic):])
            if found is not None:
                return found
    stemmed = _russian_stem(word)
    return (WHOLE_NON_LATIN.get(word) or UNSTEMMED_NON_LATIN.get(word)
            or WHOLE_NON_LATIN.get(stemmed) or stemmed)


_SUFFIXES = ("ing", "ed", "es", "s")
_ES_PLURALS = ("sses", "shes", "ches", "xes", "zzes")
"""Endings whose "es" is the plural's, not a word's own "e" and an "s"."""


def stem(word: str) -> str:
    """A light English stem: "starting" -> "start", "cards" -> "card"; other words unchanged."""
    if not word.isalpha() or len(word) < 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 if suffix == "s" else 4):
            if suffix == "s" and word.endswith("ss"):
                return word
            if suffix == "es" and not word.endswith(_ES_PLURALS):
                # "freezes", "closes", "issues": the word ends in "e" ("freeze"), so only
                # its "s" goes; "crashes", "boxes" lose "es" (docs/matching.md).
                return word[:-1]
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1 << 17)
def normalise(word: str) -> str:
    """One lowercased word as ranking compares it (lexicon, then stem; stopwords unchanged).
    Memoised: indexing 10,000 issues normalises millions of words from a small vocabulary."""
    folded = word.lower()
    if _NON_LATIN_RE.search(folded):
        folded = _non_latin(folded)
    else:
        found = LEXICON.get(lexicon_word(folded))
        if found is None and len(folded) > 4 and folded.endswith("s"):
            # A plural or a German genitive of a lexicon word ("écrans", "teclados",
            # "des Arbeitsspeichers"): docs/matching.md, "Session 12: the fourth rank round".
            found = LEXICON.get(lexicon_word(folded[:-1]))
        if found is None:
            found = _latin_prefixed(fold(folded))
        folded = found or (fold(folded) or folded)
    return folded if folded in STOPWORDS else stem(folded)


def fold(text: str) -> str:
    """``text`` compared loosely: compatibility forms, no accents, case-folded
    ("Écran" -> "ecran", "ﬁ" -> "fi")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_UNFOLDED = {fold(word): word for word in LEXICON}


def lexicon_word(word: str) -> str:
    """The lexicon's spelling of a lowercased word written without its accents ("ecran"
    -> "écran", which ``normalise`` knows as "screen"); any other word unchanged."""
    return word if word in LEXICON else _UNFOLDED.get(fold(word), word)


def words(text: str) -> list[str]:
    """Raw lowercased words, keeping ``rtl8723be.fwlps`` and ``wi-fi`` together; a
    conjunct's zero-width joiner kept the word whole and is dropped from it (typed or not,
    "ක්‍රියා" is one word). Terminal escape sequences and console markup tags are cut out
    first: what is left of them is no word (``markup_remains``, rules v60)."""
    found = [w.lower() for w in _WORD_RE.findall(without_markup(text))]
    if "\u200d" in text:
        found = [w.replace("\u200d", "") for w in found]
    return found


def parts(word: str) -> list[str]:
    """What ranking splits a word into: ``rtl8723be.fwlps`` -> its dotted or hyphenated
    parts and the word without its dots (``rtl8723be``, ``fwlps``, ``rtl8723befwlps``);
    a lexicon word (``wi-fi``) and a plain word stay whole."""
    if not _SPLIT_RE.search(word) or word in LEXICON:
        return [word]
    found = [p for p in _SPLIT_RE.split(word) if p]
    if len(found) > 1 and len(word) <= 24:
        joined = word.replace(".", "").replace("-", "").replace("+", "")
        if joined.isascii() or not _SCRIPT_SPLIT_RE.search(joined):
            found.append(joined)
        else:
            # "wi-fi-ն": "wifi" and "ն", not "wifiն" (docs/matching.md, "Words across scripts").
            found.extend(p for p in _SCRIPT_SPLIT_RE.split(joined) if p not in found)
    return found


# Chinese and Japanese are written without spaces: a sentence is one "word". Ranking finds
# these Help Desk words inside it (simplified and traditional Chinese, Japanese) and uses
# their English form, as the lexicon does for other languages.
_CJK_LEXICON_TEXT = """
无线=wifi 無線=wifi 网络=network 網絡=network 網路=network ネットワーク=network
连接=connect 連接=connect 連線=connect 接続=connect 连不上=connect 連不上=connect
键盘=keyboard 鍵盤=keyboard キーボード=keyboard 鼠标=mouse 滑鼠=mouse マウス=mouse
触控板=touchpad 觸控板=touchpad 触摸板=touchpad タッチパッド=touchpad
锁屏=lockscreen 鎖屏=lockscreen ロック画面=lockscreen
屏幕=screen 螢幕=screen 画面=screen 黑屏=black 显示器=monitor 顯示器=monitor
显示=display 顯示=display 声音=sound 聲音=sound 没有声音=sound 音声=sound サウンド=sound
启动=start 啟動=start 起動=start 开机=boot 開機=boot 崩溃=crash 崩潰=crash
クラッシュ=crash 卡住=freeze 死机=freeze 當機=freeze 冻结=freeze フリーズ=freeze
升级=upgrade 升級=upgrade 更新=upgrade アップグレード=upgrade 安装=install 安裝=install
インストール=install 密码=password 密碼=password パスワード=password
インポート=import 导入=import 匯入=import 導入=import 密钥=key 金鑰=key 鍵=key
持久存储=persistent 持久儲存=persistent 持久化=persistent 永続=persistent
打印机=printer 印表機=printer プリンター=printer 摄像头=camera 相机=camera カメラ=camera
蓝牙=bluetooth 藍牙=bluetooth 时钟=clock 時鐘=clock 時計=clock 错误=error 錯誤=error
エラー=error 苹果=apple 蘋果=apple 浏览器=browser 瀏覽器=browser ブラウザ=browser
网桥=bridge 網橋=bridge 网桥=bridge ブリッジ=bridge 内存=memory 記憶體=memory メモリ=memory
电池=battery 電池=battery 亮度=brightness 分辨率=resolution 解析度=resolution
解像度=resolution 显卡=graphic 顯示卡=graphic 闪存盘=stick 隨身碟=stick U盘=stick
旋转=rotated 旋轉=rotated 回転=rotated 复制=copy 複製=copy コピー=copy 粘贴=paste 貼上=paste
貼り付け=paste
安全でない=unsafe 不安全=unsafe 欢迎=welcome 歡迎=welcome ようこそ=welcome
功能=feature 機能=feature 永久存储=persistent 永久儲存=persistent 关闭=disabled 關閉=disabled
关掉=disabled 關掉=disabled 禁用=disabled 停用=disabled 無効=disabled オフ=disabled
ブルートゥース=bluetooth 管理=administration 特殊字符=character 特殊文字=character
配列=layout 布局=layout 佈局=layout 服务器=server 伺服器=server サーバー=server サーバ=server
見つから=find 見つかり=find 見当たら=find 找不到=find 找不著=find 找不着=find
中断=interrupted 中斷=interrupted 重启=restart 重啟=restart 再起動=restart 一半=partial
未完成=partial 没有完成=partial 沒有完成=partial 途中で止ま=interrupted
ポータル=portal 门户=portal 門戶=portal
卡死=freeze 固ま=freeze
文字=text 文本=text 选中=select 選中=select 搜不到=search
搜索=search 搜尋=search 検索=search 图片=image 圖片=image 画像=image
"""
CJK_LEXICON: dict[str, str] = dict(pair.split("=", 1) for pair in _CJK_LEXICON_TEXT.split())
_CJK_KEYS = sorted(CJK_LEXICON, key=len, reverse=True)
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def has_unsplit_words(text: str) -> bool:
    """Whether ``text`` holds Chinese or Japanese, or Thai, Lao, Burmese or Khmer: words
    written without spaces that the term reader does not split out. Only the lexicon's
    words are found inside them (``CJK_LEXICON``, ``UNSPACED_LEXICON``), so a sentence of
    them with none of those words leaves no term although the user wrote something
    (docs/matching.md, "Session 29: rules v110 (rank51)")."""
    return bool(_CJK_RE.search(text) or (not text.isascii() and _UNSPACED_RE.search(text)))


# Thai, Lao, Burmese and Khmer are written without spaces between words, as Chinese is: a
# clause is one "word". Ranking reads the lexicon's words inside it, by greedy longest match
# from the run's start (docs/matching.md, "Session 16: second rank round").
_UNSPACED_LEXICON_TEXT = """
คีย์บอร์ด=keyboard แป้นพิมพ์=keyboard หน้าจอ=screen จอภาพ=screen ดำ=black ขาว=white
เครือข่าย=network ไวไฟ=wifi วายฟาย=wifi เชื่อมต่อ=connect รหัสผ่าน=password
ข้อผิดพลาด=error ผิดพลาด=error อัปเดต=upgrade อัพเดท=upgrade อัพเดต=upgrade อัปเกรด=upgrade
อัพเกรด=upgrade เริ่มต้น=start บูต=boot บูท=boot รีสตาร์ท=restart รีบูต=restart ค้าง=freezes
แฮงค์=freezes เบราว์เซอร์=browser บราวเซอร์=browser ไม่ปลอดภัย=unsafe ไม่เจอ=find ไม่พบ=find
เสียง=sound หน้าต่าง=window ภาษา=language ติดตั้ง=install ผู้ดูแลระบบ=administration
ถาวร=persistent หน่วยความจำ=memory ทัชแพด=touchpad เมาส์=mouse ปิดใช้งาน=disabled
ฟีเจอร์=feature แครช=crash บลูทูธ=bluetooth อินเทอร์เน็ต=internet ครึ่ง=partial
ອັດຕະໂນມັດ=automatic อัตโนมัติ=automatic
ແປ້ນພິມ=keyboard ຄີບອດ=keyboard ໜ້າຈໍ=screen ຫນ້າຈໍ=screen ດຳ=black ຂາວ=white
ເຄືອຂ່າຍ=network ວາຍຟາຍ=wifi ໄວໄຟ=wifi ເຊື່ອມຕໍ່=connect ລະຫັດຜ່ານ=password ຜິດພາດ=error
ອັບເດດ=upgrade ອັບເກຣດ=upgrade ເລີ່ມຕົ້ນ=start ເປີດເຄື່ອງ=start ຄ້າງ=freezes ບຣາວເຊີ=browser
ບໍ່ປອດໄພ=unsafe ບໍ່ພົບ=find ບໍ່ເຫັນ=find ສຽງ=sound ພາສາ=language ຕິດຕັ້ງ=install ຖາວອນ=persistent
ໜ່ວຍຄວາມຈຳ=memory ອິນເຕີເນັດ=internet ເຄິ່ງ=partial
ក្តារចុច=keyboard ក្ដារចុច=keyboard អេក្រង់=screen ខ្មៅ=black បណ្តាញ=network បណ្ដាញ=network
វ៉ាយហ្វាយ=wifi ភ្ជាប់=connect ពាក្យសម្ងាត់=password កំហុស=error ធ្វើបច្ចុប្បន្នភាព=upgrade
អាប់ដេត=upgrade ចាប់ផ្តើម=start ចាប់ផ្ដើម=start គាំង=freezes កម្មវិធីរុករក=browser
មិនមានសុវត្ថិភាព=unsafe រកមិនឃើញ=find សំឡេង=sound សំលេង=sound ភាសា=language ដំឡើង=install
អ៊ីនធឺណិត=internet បង្អួច=window អចិន្ត្រៃយ៍=persistent ពាក់កណ្តាល=partial ស្វ័យប្រវត្តិ=automatic
ကီးဘုတ်=keyboard မျက်နှာပြင်=screen ဖန်သားပြင်=screen မည်း=black ဖြူ=white ကွန်ရက်=network
ဝိုင်ဖိုင်=wifi ချိတ်ဆက်=connect စကားဝှက်=password အမှား=error အပ်ဒိတ်=upgrade
အဆင့်မြှင့်=upgrade စတင်=start ပြန်စတင်=restart ဟန်း=freezes ဘရောက်ဇာ=browser အသံ=sound
ဘာသာစကား=language ထည့်သွင်း=install တစ်ဝက်=partial အလိုအလျောက်=automatic မလုံခြုံ=unsafe
ရှာမတွေ့=find အင်တာနက်=internet ဝင်းဒိုး=window
"""
UNSPACED_LEXICON: dict[str, str] = dict(
    pair.split("=", 1) for pair in _UNSPACED_LEXICON_TEXT.split())
_UNSPACED_LENGTHS = sorted({len(key) for key in UNSPACED_LEXICON}, reverse=True)
"""The lengths of the entries, longest first: only those are looked up."""
_UNSPACED_STARTS = frozenset(key[0] for key in UNSPACED_LEXICON)
"""The letters an entry starts with: from any other, nothing is looked up."""
_UNSPACED_RE = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]+")
"""Thai, Lao, Burmese (Myanmar) and Khmer: scripts whose words are not spaced."""


def _unspaced_terms(run: str) -> list[tuple[str, str]]:
    """The English forms of the lexicon's words in a run of Thai, Lao, Burmese or Khmer,
    each with the word found: from each place, the longest entry that starts there is taken
    and the search goes on after it; where none starts, one letter is skipped."""
    found = []
    at = 0
    while at < len(run):
        if run[at] not in _UNSPACED_STARTS:
            at += 1
            continue
        for length in _UNSPACED_LENGTHS:
            key = run[at:at + length]
            if len(key) < length:
                continue
            if key in UNSPACED_LEXICON:
                found.append((normalise(UNSPACED_LEXICON[key]), key))
                at += length
                break
        else:
            at += 1
    return found


def _cjk_terms(run: str) -> list[tuple[str, str]]:
    """The English forms of the lexicon's words found in a run of Chinese or Japanese, each
    with the word found."""
    found = []
    for key in _CJK_KEYS:
        if key in run:
            found.append((normalise(CJK_LEXICON[key]), key))
            run = run.replace(key, " ")
    return found


_NOT_SAFE_RE = re.compile(r"\b(navegador|navigateur|browser)\s+(?:no|non|n[ãa]o)\s+"
                          r"(?:seguro|s[ée]curis[ée]|sicuro)\b"
                          r"|\b(navegador|navigateur|browser|браузер\w*)\s+(?:sin|sans|ohne|senza|sem"
                          r"|without|без)\s+(?:tor|тор\w*)\b", re.IGNORECASE)
"""The Unsafe Browser as Spanish, Portuguese, French and Italian name it, in two words
("navegador no seguro", "navigateur non sécurisé"): "unsafe", as it is in German
("unsicherer Browser") and in the lexicon. A browser "without Tor" ("navegador sin Tor",
"Browser ohne Tor", "браузер без Tor") is the Unsafe Browser too: "unsafe" is added
(docs/matching.md, "Session 12: the fourth rank round")."""

_OTHER_BROWSER_RE = first_letters_ahead(
    "aodibд",
    r"\b(?:an)?other\s+browser|\bdifferent\s+browser|\bandere[nrs]?\s+browser"
    r"|\bautre\s+navigateur|\botro\s+navegador|\baltro\s+browser|\boutro\s+navegador"
    r"|\binny\s+przegl[aą]dark|\bдруго(?:й|го|м)\s+браузер|\bba[sş]ka\s+(?:bir\s+)?taray[iı]c[iı]")
"""A browser other than Tor Browser, as Tails users ask for the Unsafe Browser without its
name ("another browser", "een andere browser", "einen anderen Browser", "un autre
navigateur", "другой браузер"): "unsafe" is added, as for a browser "without Tor"
(docs/matching.md, "Session 25: another browser is the Unsafe Browser")."""

_NOT_FOUND_PT_RE = first_letters_ahead(
    "n", r"\bn[ãa]o\s+(?:(?:o|a|os|as)\s+)?(?:ach(?:o|ei|amos)|consig[oa]\s+achar)\b"
    r"(?!\s+que\b)")
"""Portuguese "não acho", "não achei", "não consigo achar" (I do not find, did not find,
cannot find): "find" is added. "Achar" alone is also "to think", and "não acho que" (I do
not think that) is left as it is (docs/matching.md, "Session 25: not found in
Portuguese"). Searched only in a text that holds "ach" (or "ACH"): the search over every
issue's text costs five times the check."""

_NO_PICTURE_RE = first_letters_ahead(
    "nkpasнg",
    r"\bno\s+picture\b|\bnothing\s+on\s+(?:the\s+|my\s+)?(?:screen|monitor|display)\b"
    r"|\bkein(?:e|en)?\s+bild\b|\bpas\s+d['’]\s*image\b|\baucune\s+image\b"
    r"|\bsin\s+imagen\b|\bnessuna\s+immagine\b|\bsem\s+imagem\b|\bнет\s+изображения\b"
    r"|\bgeen\s+beeld\b")
"""A screen that shows nothing, as users say it without "black" ("no picture", "nothing on
the monitor", "kein Bild", "pas d'image", "sin imagen", "geen beeld"): "screen" is added,
so that the screen's issues meet it and not those of pictures or monitors alone; "black"
was tried and made a vendor's black-screen issue outrank the machine's own chip's
(docs/matching.md, "Session 25: no picture is the screen's")."""

_WIRELESS_RE = re.compile(
    r"\b(?:r[ée]seaux?|rete|reti|redes?|connexion|connessione|conex[ãa]o)\s+"
    r"(?:sans\s+fils?|senza\s+fili?|sem\s+fios?)\b", re.IGNORECASE)
"""The wireless network in French, Italian and Portuguese, "wireless" in two words ("réseau
sans fil", "rete senza fili", "rede sem fio"): "wifi", the word the lexicon gives
"inalámbrico", "drahtlos", "kablosuz", "беспроводной". A mouse "sans fil" is no Wi-Fi
(docs/matching.md, "Session 11: the third rank round")."""

_MAC_ADDRESS_WORDS = (
    r"\bmac(?=[- ]?(?:address(?:es)?|adress(?:e|en)?|adres)\b)"
    r"|(?<=\badresse )mac\b|(?<=\bindirizzo )mac\b|(?<=\bdirecci[oó]n )mac\b"
    r"|(?<=\bendere[cç]o )mac\b")
_MAC_ADDRESS_RE = first_letters_ahead("m", _MAC_ADDRESS_WORDS)
"""A MAC address is no Mac: "mac" there is "macaddress", so that the issues of MAC address
anonymization do not meet an iMac owner's mail, nor the Macs issue a report of a network
address (docs/matching.md, "Session 11: the third rank round")."""

_NOT_SAFE_WORDS_RE = re.compile(r"\bg[üu]venli\s+olmayan\b|غير\s+(?:ال)?آمن|안전하지\s+않은",
                                re.IGNORECASE)
"""The Unsafe Browser's name where "unsafe" is two words, in Turkish ("Güvenli Olmayan
Tarayıcı"), Arabic ("المتصفح غير الآمن") and Korean: "unsafe" is
added (docs/matching.md, "Session 11: the third rank round")."""

_SCREEN_LOCK_RE = re.compile(
    r"\b(?:lock[ -]?screen|screen[ -]?lock(?:s|ed|ing)?|lock(?:s|ed|ing)? (?:the |my |its )?screen"
    r"|[ée]cran de verrouillage|verrouillage (?:de l'|d'|de l’)?[ée]cran"
    r"|pantalla de bloqueo|bloqueo de (?:la )?pantalla|tela de bloqueio"
    r"|bloqueio de (?:la )?tela|schermata di blocco|blocco (?:dello )?schermo"
    r"|ekran kilid\w*|kilit ekran\w*|блокировк\w* экран\w*|экран\w* блокировк\w*)",
    re.IGNORECASE)
"""The lock screen in two words ("lock screen", "the screen locks", "écran de
verrouillage", "блокировка экрана"): "lockscreen", the word German ("Sperrbildschirm")
and Chinese ("锁屏") have for it, in the lexicon. "Lock" alone stays a word of its own:
Caps Lock, a locked Persistent Storage."""


_NIGHT_LIGHT_RE = re.compile(r"\bluz (?:nocturna|de noche)\b", re.IGNORECASE)
"""GNOME's Night Light in Spanish ("la luz nocturna"): "night light" is added beside it,
the words of its issue's title. Not "luz" (a power cut, a keyboard's light) nor "noche"
(at night) alone (docs/insight.md, "Session 19, thirty-first round: likely recall", and
the review after it)."""


_IMAC_RE = re.compile(r"\bimacs?\b|\bapple (?:computer|laptop|desktop)s?\b"
                      r"|آی‌?مک|ای‌?مک|آيماك|аймак", re.IGNORECASE)
"""An iMac is a Mac: "mac" is added beside the word, the word of the issues about Macs
("Macs: many models don't start Tails"); the machine's product identifier gives the
hardware the same word (signals.APPLE_FAMILIES). docs/matching.md, "Session 10, rank
round". So is an iMac written in Persian, Arabic or Russian letters, and an "Apple
computer" (docs/matching.md, "Session 12: the fourth rank round")."""


_PASSPHRASE_RE = re.compile(
    r"\bphrases? de passe\b|\bfrases? (?:de contrase[ñn]a|de senha|secretas?|segretas?"
    r"|d'accesso|de acesso|de paso)\b|\bcodice d'accesso\b", re.IGNORECASE)
"""A passphrase in the words of French, Spanish, Italian and Portuguese ("phrase de passe",
"frase de contraseña", "frase segreta", "frase secreta"): "password", the word the lexicon
gives "passphrase", "mot de passe", "contraseña" (docs/matching.md, "Session 14: rank
round")."""


_PASSWORDS_AND_KEYS_MARKS = ("passw", "passe", "contrase", "senha", "парол", "hasł",
                             "parola", "wachtwoord", "كلمات", "گذرواژه", "パスワード", "密码",
                             "密碼", "암호")
_PASSWORDS_AND_KEYS_RE = re.compile(
    r"\bpassw(?:ords|örter)\s+(?:and|und)\s+(?:keys|schlüssel|verschlüsselung)\b"
    r"|\bmots\s+de\s+passe\s+et\s+cl[ée]s\b|\bcontrase[ñn]as\s+y\s+claves\b"
    r"|\bpassword\s+e\s+chiavi\b|\b(?:senhas|palavras-passe)\s+e\s+chaves\b"
    r"|\bпароли\s+и\s+ключи\b|\bпаролі\s+та\s+ключі\b|\bhas[łl]a\s+i\s+klucze\b"
    r"|\bparolalar\s+ve\s+anahtarlar\b|\bwachtwoorden\s+en\s+sleutels\b"
    r"|كلمات\s+(?:السر|المرور)\s+والمفاتيح|گذرواژه‌?ها\s+و\s+کلیدها"
    r"|パスワードと鍵|密码和密钥|密碼和金鑰|암호\s*및\s*키", re.IGNORECASE)
"""Seahorse by the name its menu entry has in the languages of the reports ("Passwords
and Keys", "Mots de passe et clés", "Пароли и ключи", "كلمات السر والمفاتيح",
"パスワードと鍵"): the English name and "seahorse" replace it, the words of its issue;
the Arabic "keys" (المفاتيح) is otherwise read as the keyboard (docs/matching.md,
"Session 27: Passwords and Keys in the users' languages")."""


_WHERE_WORDS = (
    r"\bwhere (?:is|are|has|have|did|can i find)\b|\bwo (?:ist|sind|finde)\b"
    r"|\bd[oó]nde (?:est[aá]n?|qued[oó]|encuentro)\b|\bo[uù] (?:est|sont|se trouve|trouver)\b"
    r"|\bonde (?:est[aá]|fica|encontro)\b|\bdove (?:[eè]|si trova|sono|trovo)\b"
    r"|\bgdzie (?:jest|są|znajdę)\b|где\s+(?:он|она|оно|они|найти|находится)\b")
_WHERE_RE = first_letters_ahead("wdogг", _WHERE_WORDS)
"""A user who asks where a thing is ("Where is it?", "Wo ist er?", "¿Dónde está?", "Dove è
finito?", "где он?") has not found it: "find" is added, the word of issues about what
users "do not find" (docs/matching.md, "Session 14: rank round")."""


_PHRASES: dict[str, str] = {
    "bàn phím": "keyboard", "màn hình": "screen", "mật khẩu": "password",
    "âm thanh": "sound", "cập nhật": "upgrade", "nâng cấp": "upgrade", "khởi động": "start",
    "kết nối": "connect", "lưu trữ": "storage", "bố cục": "layout", "trình duyệt": "browser",
    "bộ nhớ": "memory", "không dây": "wifi", "ngôn ngữ": "language", "cửa sổ": "window",
    "tanpa wayar": "wifi", "kata sandi": "password", "kata laluan": "password",
    "papan ketik": "keyboard", "papan kekunci": "keyboard", "tata letak": "layout",
    "jookseb kokku": "crash", "jooksevad kokku": "crash", "vezeték nélküli": "wifi",
    "құпия сөз": "password", "clé publique": "key", "clés publiques": "key", "clé pgp": "key",
    "clé gpg": "key", "clé openpgp": "key", "clé usb": "stick", "clef usb": "stick",
    "mis à jour": "upgrade", "mis a jour": "upgrade",
    "à moitié": "partial", "a moitie": "partial", "a medias": "partial",
    "a metà": "partial", "pela metade": "partial", "yarım kaldı": "partial",
    "yarıda kaldı": "partial",
    # Session 17, rank round (docs/matching.md, "Session 17: rank round"):
    "kuwasha upya": "restart", "kuanzisha upya": "restart", "bila waya": "wifi",
    "kalmar sirri": "password", "kalmar wucewa": "password", "yanar gizo": "internet",
    "qotib qoldi": "freezes", "qotib qolyapti": "freezes", "qotib qolmoqda": "freezes",
    "යතුරු පුවරුව": "keyboard", "pavé numérique": "keypad", "pave numerique": "keypad",
    "teclado numérico": "keypad", "teclado numerico": "keypad", "bloc num": "numlock",
    "verr num": "numlock", "num lock": "numlock", "yan yatmış": "rotated",
    "yan yattı": "rotated", "yan duruyor": "rotated", "yan görünüyor": "rotated",
    "a mitad": "partial", "a la mitad": "partial", "na metade": "partial",
    "не полностью": "partial", "не до конца": "partial",
    "රැහැන් රහිත": "wifi", "ገመድ አልባ": "wifi",
    # Session 17, second rank round (docs/matching.md, "Session 17: second rank round"):
    # not found in Malay and Indonesian; half done in Dutch and English.
    "tak jumpa": "find", "tidak jumpa": "find", "tak dijumpai": "find",
    "tidak dijumpai": "find", "tak ditemui": "find", "tidak ditemui": "find",
    "tidak ditemukan": "find", "tidak menemukan": "find", "tidak ketemu": "find",
    "tak ketemu": "find", "half geüpdatet": "partial", "half bijgewerkt": "partial",
    "half geïnstalleerd": "partial", "half upgraded": "partial", "half updated": "partial",
    "half installed": "partial", "half-upgraded": "partial", "half-updated": "partial",
    "half-installed": "partial", "balenaetcher": "etcher"}
"""Help Desk words that some languages write in two words (Vietnamese writes every
syllable apart: "màn hình" is the screen, "mật khẩu" the password; Indonesian and Malay
"kata sandi", "tanpa wayar"; Estonian "jookseb kokku", crashes): the English word is added
after them (docs/matching.md, "Session 15: rank round")."""
_PHRASE_WORDS = r"(?<!\w)(?:" + "|".join(
    re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)) + r")(?!\w)"
_PHRASE_RE = first_letters_ahead("".join(sorted({re.escape(p[0]) for p in _PHRASES})),
                                 _PHRASE_WORDS)


_TURNED_OFF_RE = re.compile(r"\b(?:turned|switched|toggled)\s+off\b", re.IGNORECASE)
"""A feature "turned off" is disabled ("off" alone is a stopword): "disabled", the word the
lexicon gives "deaktiviert", "desactivado", "выключен", "关闭" (docs/matching.md,
"Session 11: the third rank round")."""


_OFF_AT_END_RE = re.compile(
    r"(?<!\w)(?:ist|sind|war|waren|bleibt|bleiben|blieb|blieben|wird|werden|wurde|wurden"
    r"|geht|gehen|ging|gingen|schalter\w*|optionen|funktionen"
    r"|is|zijn|blijft|blijven|bleef|bleven|gaat|gaan|staat|staan|stond|stonden"
    r"|schakelaars?|opties|functies)"
    r"(?:[^\S\n]+(?!(?:sieht|sehen|sah|ziet|zien|zag|probier\w*|reicht\w*)(?!\w))[^\W\d_]+)"
    r"{0,3}?[^\S\n]+(?:aus|uit)(?=[^\S\n]*(?:[.,;:!?)]|$))",
    re.IGNORECASE | re.MULTILINE)
"""German "aus" and Dutch "uit" that end a clause after a verb of state or a switch
("alle Schalter aus.", "alle Optionen sind aus", "ze staan allemaal uit"): off, the
separable particle of a switch turned off; "disabled" is added, as for "turned off"
(docs/matching.md, "Session 16: rank round"). Only after such a word, three words away at
most, in the same clause: clause-final "aus" is more often another verb's particle ("es
sieht so aus", "ich probiere es aus", "es reicht nicht aus", "het ziet er raar uit").
Before a noun they are "from" ("aus dem Menü") and stay stopwords."""


_SPECIAL_CHARACTER_RE = re.compile(r"(?<![\w€£¥])[ñüäößçøåæœłşğžščř€£¥](?![\w€£¥])",
                                   re.IGNORECASE)
"""A letter or symbol outside ASCII written alone ("with an ñ and €", "ein ü und ein ß"):
the user names a character, the word of the issue about passwords with "special
characters (ñ, €, ü ...)"; "character" is added beside it (docs/matching.md, "Session 11:
the third rank round"). Lone vowels with an accent are words ("à", "é", "è")."""


_UNSTABLE_WORDS = (
    r"\b(?:unstable|instability|instable|instabilit[ée]|inestable|inestabilidad|instabile"
    r"|instabilit[àa]|inst[áa]vel|instabilidade|instabil\w*|niestabiln\w*|kararsız)\b"
    r"|нестабильн\w*|нестійк\w*|ناپایدار")
_UNSTABLE_RE = first_letters_ahead("uinkнن", _UNSTABLE_WORDS)
"""A machine that is unstable freezes, crashes or restarts: an issue says "unstable", its
users say what happens ("it freezes", "es hängt sich auf", "il plante"). "freezes crash"
is added beside the word (docs/matching.md, "Session 12: the fourth rank round")."""


_UNRESPONSIVE_RE = re.compile(
    r"\b(?:unresponsive|(?:stops|stopped) responding|reageert nergens meer op"
    r"|(?:slutar|slutade)\s+(?:att\s+)?svara|(?:slutter|sluttet)\s+å\s+svare"
    r"|hætt(?:ir|i)\s+(?:allt\s+|öllu\s+)?að\s+svara)\b",
    re.IGNORECASE)
"""A machine that stops responding has frozen: an issue says it "becomes unresponsive", its
users that it freezes, or that it "reageert nergens meer op", Swedish "slutar svara",
Norwegian "slutter å svare", Icelandic "hættir að svara" (stops answering; since "Session
16: second rank round"). "freeze" is added beside the
words (docs/matching.md, "Session 15: rank round"), whatever stops responding: a program
that "stops responding" reads as a freeze too (its issue names the program beside it). Only
"not responding" is left as it is: said of a device or a program ("the keyboard does not
respond", "Thunderbird is not responding") far more often than of a frozen machine."""


_DARK_RE = re.compile(
    r"\b(?:go|goes|went|gone|turns|turned|stays|stayed|becomes|became)\s+"
    r"(?:completely\s+|totally\s+|just\s+)?dark\b", re.IGNORECASE)
"""A screen that "goes dark" has gone black: "black" is added beside the words, the word of
the black-screen issues (docs/matching.md, "Session 16: second rank round"). "Dark" alone
stays a word of its own ("dark mode", "dark theme")."""


_BAD_CONNECTION_RE = re.compile(
    r"\b(?:bad|poor|weak|terrible|unstable)\s+(?:internet|connection|network)\b"
    r"|\b(?:internet|connection|network)(?:\s+\w+){0,2}?\s+(?:is|was)\s+"
    r"(?:very\s+|really\s+|so\s+)?(?:bad|poor|weak|terrible)\b", re.IGNORECASE)
"""A bad or weak connection is a slow one, the word of the issues about downloads over poor
connections: "slow" is added beside the words (docs/matching.md, "Session 16: second rank
round")."""


_KEYPAD_RE = re.compile(r"цифров\w*\s+(?:бло[кц]|клав)\w*", re.IGNORECASE)
"""The numeric keypad in Russian, Ukrainian, Belarusian and Bulgarian ("цифровой блок",
"на цифровому блоці", "цифровия блок", "цифровая клавиатура"): "keypad" is added, the word of
the Num Lock issue; "цифровой" alone is "digital" (docs/matching.md, "Session 17: rank
round")."""


_BAD_CONNECTION_OTHER_WORDS = (
    r"(?:плох|слаб)\w*\s+(?:интернет|соединени|связ)\w*|słab\w*\s+(?:internet|połączeni)\w*"
    r"|\bschlecht\w*\s+(?:internet|verbindung)\w*|\bmauvaise\s+connexion\b"
    r"|\bmala\s+conexi[óo]n\b|(?<!\w)m[áa]\s+conex[ãa]o\b")
_BAD_CONNECTION_OTHER_RE = first_letters_ahead("псsm", _BAD_CONNECTION_OTHER_WORDS)
"""A bad or weak connection in Russian, Polish, German, French, Spanish and Portuguese
("при плохом интернете", "słaby internet", "schlechte Verbindung", "mauvaise connexion",
"mala conexión"): "slow" is added, as for ``_BAD_CONNECTION_RE`` (docs/matching.md,
"Session 17: rank round")."""
_BAD_OTHER_WORDS = ("плох", "слаб", "słab", "schlecht", "mauvaise", "conex")
"""Words one of which every match of ``_BAD_CONNECTION_OTHER_RE`` has (lowercased)."""


_RESTART_OTHER_RE = re.compile(
    r"\bqayta\s+(?:ishga\s+tushir|yoq|yukla)\w*|\bopnieuw\s+op(?:\s+te\s+|ge)?start\w*",
    re.IGNORECASE)
"""Restarting in Uzbek ("qayta ishga tushirish", "qayta yoqmasdan", without switching on
again; "qayta yuklash", reloading) and in Dutch, whose verb parts stand apart ("opnieuw
opstarten", "zonder opnieuw op te starten"): "restart" is added, the word of #14754
(upgrades applied without restarting; docs/matching.md, "Session 17: second rank
round")."""
_RESTART_OTHER_WORDS = ("qayta", "opnieuw")
"""Words one of which every match of ``_RESTART_OTHER_RE`` has (lowercased)."""


_MIDDLE_RE = re.compile(
    r"\bin the middle of (?:the|an|a|my)\s+(?:\w+\s+)?(?:upgrade|update|installation)s?\b",
    re.IGNORECASE)
"""Something that happened "in the middle of the upgrade" interrupted it: "interrupted" is
added, the word of #14754 (docs/matching.md, "Session 17: second rank round"). "In the
middle of" alone stays as it is ("in the middle of the screen")."""

_MIDDLE_OTHER_RE = re.compile(
    r"(?:\bmitten\s+(?:im|in\s+der|in\s+dem|beim)"
    r"|\bau\s+milieu\s+(?:de\s+la|du|de\s+l['’]|des)|\ben\s+medio\s+de\s+(?:la|el)"
    r"|\bno\s+meio\s+d[oa]|(?<!\w)(?:посередине|посреди|(?:в|на)\s+середине)"
    r"|(?<!\w)وسط)\s*"
    r"(?:\w+\s+)?(?P<step>upgrade|update|download|aktualisierung|herunterladen|installation"
    r"|mise\s+[àa]\s+jour|t[ée]l[ée]chargement|actualizaci[óo]n|descarga"
    r"|instalaci[óo]n|atualiza[çc][ãa]o|instala[çc][ãa]o|обновлени|скачивани|загрузк|установк"
    r"|نصب|دانلود|بارگیری|به\u200c?روز\s?رسانی|بروزرسانی|آپدیت)",
    re.IGNORECASE)
"""The middle of an upgrade, of its download or of an installation in German, French,
Spanish, Portuguese, Russian and Persian ("mitten im Update", "au milieu de la mise à
jour", "en medio de la actualización", "no meio da atualização", "посередине скачивания",
"وسط نصب به‌روزرسانی", in the middle of installing the update):
"interrupted" is added, as ``_MIDDLE_RE`` does in English. A download's middle counts only
when the text names an upgrade (``_UPGRADE_NAMED_RE``): the middle of downloading Tails
itself is no upgrade (docs/matching.md, "Session 24: the middle of an upgrade's
download")."""
_MIDDLE_OTHER_WORDS = ("mitten", "milieu", "medio", "meio", "посред", "середин", "وسط")
"""Words one of which every match of ``_MIDDLE_OTHER_RE`` has (lowercased)."""
_DOWNLOAD_STEPS = ("download", "herunterladen", "téléchargement", "telechargement",
                   "telécharg", "descarga", "скачивани", "загрузк", "دانلود", "بارگیری")
_UPGRADE_NAMED_RE = re.compile(
    r"upgrade|update|aktualisier|mise\s+[àa]\s+jour|actualiz|atualiz|aggiorn|обнов"
    r"|روز\s?رسانی|بروزرسانی|آپدیت",
    re.IGNORECASE)


def _middle_of_step(found: re.Match[str], upgrade_named: bool) -> str:
    """A match of ``_MIDDLE_OTHER_RE`` with "interrupted" added; unchanged when its step is
    a download and the text names no upgrade."""
    if not upgrade_named and found.group("step").lower().startswith(_DOWNLOAD_STEPS):
        return found.group(0)
    return f"{found.group(0)} interrupted"


_UNRESPONSIVE_WORDS = ("unrespons", "responding", "reageert", "svar")
"""Words one of which every match of ``_UNRESPONSIVE_RE`` has (lowercased)."""
_BAD_WORDS = ("bad", "poor", "weak", "terrible", "unstable")
"""Words one of which every match of ``_BAD_CONNECTION_RE`` has (lowercased)."""


def terms(text: str) -> list[str]:
    """Ranking terms of a text: words and their dotted or hyphenated parts, normalised,
    without stopwords, digits-only words or one-letter words; in Chinese and Japanese, the
    lexicon's words found in the text."""
    return [term for term, _ in term_words(text)]


def _persistent_memory(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The memory beside "persistent" is the Persistent Storage: Italian users name it
    "memoria persistente", Polish "trwała pamięć", Turkish "kalıcı bellek", and the lexicon
    reads their word as the memory (RAM); there it is "storage" (docs/matching.md, "Session
    10, second rank round"; any language and either order since "Session 11: the third
    rank round")."""
    for at, (term, word) in enumerate(found):
        if term == "memory" and any(
                0 <= near < len(found) and found[near][0] == "persistent"
                for near in (at - 1, at + 1)):
            found[at] = ("storage", word)
    return found


_SCREEN_PAGE = "صفحه"
_KEY = "کلید"


def _persian_keyboard(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The Persian screen followed by the key ("صفحه کلید", or "صفحه‌کلید" with its
    zero-width non-joiner kept, which ends a word) is the keyboard, not a screen
    (docs/matching.md, "Session 22: the Persian keyboard is no screen")."""
    for at, (term, word) in enumerate(found[:-1]):
        if term == "screen" and word == _SCREEN_PAGE and found[at + 1][1].startswith(_KEY):
            found[at] = ("keyboard", word)
    return found


_PERMANENT = frozenset(["постоянн", "постійн"])
"""Russian and Ukrainian "permanent" (постоянное, постійне): beside the storage it is the
Persistent Storage ("постоянное хранилище"); alone it is "constantly" ("постоянно
зависает"), no word of the issues."""


def _persistent_storage(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """"Permanent" beside the storage is "persistent" (``_PERMANENT``; docs/matching.md,
    "Session 14: rank round")."""
    for at, (term, word) in enumerate(found):
        if term in _PERMANENT and any(
                0 <= near < len(found) and found[near][0] == "storage"
                for near in (at - 1, at + 1)):
            found[at] = ("persistent", word)
    return found


_NORDIC_NEAR_SOM_TEXT = """
jeg eg du han hun dere dei det den der er var har kan vil ville skal bare berre kun ikke
ikkje og eller men om nu nå altid alltid aldri aldrig bruge bruke bruker bruger brukar
normalt vanlig vanleg vanligvis sædvanligt sædvanlig plejer pleier forventet forventa
tidligere tidlegare før
jag vill bara använda inte och brukade vanligt tidigare förut
"""
_NORDIC_NEAR_SOM = frozenset(_NORDIC_NEAR_SOM_TEXT.split())
"""Danish, Norwegian and (since rules v55) Swedish words (none Portuguese too: "vi", "de",
"da", "no" are left out) that make "som" beside them the Nordic "as", "who" ("Jeg ville
bare bruge Tails som normalt", "Jag ville bara använda Tails som vanligt"), not the
Portuguese sound the lexicon reads it as (docs/insight.md, "Session 19: the everyday
words of five more languages")."""
_NEAR = 2
"""How many words either side of "som" are looked at."""


def _nordic_som(found_words: list[str]) -> set[int]:
    """The places of the words "som" that a Danish or Norwegian word within ``_NEAR``
    words says are no sound."""
    return {at for at, word in enumerate(found_words) if word == "som" and any(
        near in _NORDIC_NEAR_SOM
        for near in found_words[max(0, at - _NEAR):at] + found_words[at + 1:at + 1 + _NEAR])}


def term_words(text: str) -> list[tuple[str, str]]:
    """``terms`` with the word of the text each came from (``("goe", "goes")``,
    ``("screen", "écran")``): what to show a member as "the words that matched"."""
    found: list[tuple[str, str]] = []
    if _NOT_SAFE_RE.search(text):
        text = _NOT_SAFE_RE.sub(lambda m: f"{m.group(1) or m.group(0)} unsafe", text)
    if _OTHER_BROWSER_RE.search(text):
        text = _OTHER_BROWSER_RE.sub(r"\g<0> unsafe", text)
    if ("ach" in text or "ACH" in text) and _NOT_FOUND_PT_RE.search(text):
        text = _NOT_FOUND_PT_RE.sub(r"\g<0> find", text)
    if _NO_PICTURE_RE.search(text):
        text = _NO_PICTURE_RE.sub(r"\g<0> screen", text)
    if _WIRELESS_RE.search(text):
        text = _WIRELESS_RE.sub(r"\g<0> wifi", text)
    if _MAC_ADDRESS_RE.search(text):
        text = _MAC_ADDRESS_RE.sub("macaddress", text)
    if _NOT_SAFE_WORDS_RE.search(text):
        text = _NOT_SAFE_WORDS_RE.sub(r"\g<0> unsafe", text)
    if _SCREEN_LOCK_RE.search(text):
        text = _SCREEN_LOCK_RE.sub(r"\g<0> lockscreen", text)
    if _WHERE_RE.search(text):
        text = _WHERE_RE.sub(r"\g<0> find", text)
    if _NIGHT_LIGHT_RE.search(text):
        text = _NIGHT_LIGHT_RE.sub(r"\g<0> night light", text)
    if _PASSPHRASE_RE.search(text):
        text = _PASSPHRASE_RE.sub(r"\g<0> password", text)
    if _PHRASE_RE.search(text):
        text = _PHRASE_RE.sub(
            lambda m: f"{m.group(0)} {_PHRASES.get(m.group(0).lower(), '')}", text)
    if _TURNED_OFF_RE.search(text):
        text = _TURNED_OFF_RE.sub(r"\g<0> disabled", text)
    if _OFF_AT_END_RE.search(text):
        text = _OFF_AT_END_RE.sub(r"\g<0> disabled", text)
    # Rare words first, in the lowered text: a search of these expressions over a whole
    # report (debug sections included) costs more than the rest of the text's words.
    lowered = text.lower()
    if any(mark in lowered for mark in _PASSWORDS_AND_KEYS_MARKS) and (
            _PASSWORDS_AND_KEYS_RE.search(text)):
        text = _PASSWORDS_AND_KEYS_RE.sub(" Passwords and Keys Seahorse ", text)
    # Before the lone letters: Norwegian "å svare" (to answer) is no character named.
    if any(w in lowered for w in _UNRESPONSIVE_WORDS) and _UNRESPONSIVE_RE.search(text):
        text = _UNRESPONSIVE_RE.sub(r"\g<0> freeze", text)
    if _SPECIAL_CHARACTER_RE.search(text):
        text = _SPECIAL_CHARACTER_RE.sub(r"\g<0> character", text)
    if _IMAC_RE.search(text):
        text = _IMAC_RE.sub(r"\g<0> mac", text)
    if "dark" in lowered and _DARK_RE.search(text):
        text = _DARK_RE.sub(r"\g<0> black", text)
    if any(w in lowered for w in _BAD_WORDS) and _BAD_CONNECTION_RE.search(text):
        text = _BAD_CONNECTION_RE.sub(r"\g<0> slow", text)
    if any(w in lowered for w in _BAD_OTHER_WORDS) and _BAD_CONNECTION_OTHER_RE.search(text):
        text = _BAD_CONNECTION_OTHER_RE.sub(r"\g<0> slow", text)
    if any(w in lowered for w in _RESTART_OTHER_WORDS) and _RESTART_OTHER_RE.search(text):
        text = _RESTART_OTHER_RE.sub(r"\g<0> restart", text)
    if "middle" in lowered and _MIDDLE_RE.search(text):
        text = _MIDDLE_RE.sub(r"\g<0> interrupted", text)
    if any(w in lowered for w in _MIDDLE_OTHER_WORDS) and _MIDDLE_OTHER_RE.search(text):
        named = bool(_UPGRADE_NAMED_RE.search(text))
        text = _MIDDLE_OTHER_RE.sub(lambda found: _middle_of_step(found, named), text)
    if "цифров" in lowered and _KEYPAD_RE.search(text):
        text = _KEYPAD_RE.sub(r"\g<0> keypad", text)
    if _UNSTABLE_RE.search(text):
        text = _UNSTABLE_RE.sub(r"\g<0> freezes crash", text)
    text_words = words(text)
    not_sound = _nordic_som(text_words) if "som" in text_words else set()
    for at, word in enumerate(text_words):
        if at in not_sound:
            continue
        pieces = [word]
        if _CJK_RE.search(word):
            for run in _CJK_RE.findall(word):
                found.extend(_cjk_terms(run))
            pieces = [p for p in _CJK_RE.split(word) if p]
        elif not word.isascii() and _UNSPACED_RE.search(word):
            for run in _UNSPACED_RE.findall(word):
                found.extend(_unspaced_terms(run))
            pieces = [p for p in _UNSPACED_RE.split(word) if p]
        elif not word.isascii() and _SCRIPT_SPLIT_RE.search(word):
            # A program's name with an ending of another script ("keepassxcում", "USB가").
            pieces = _SCRIPT_SPLIT_RE.split(word)
        for piece in pieces:
            for part in parts(piece):
                term = normalise(part)
                if len(term) >= 2 and term not in STOPWORDS and not term.isdigit():
                    found.append((term, part))
    if "storage" in (t for t, _ in found):
        found = _persistent_storage(found)
    if _KEY in text:
        found = _persian_keyboard(found)
    return _persistent_memory(found) if "memory" in (t for t, _ in found) else found
