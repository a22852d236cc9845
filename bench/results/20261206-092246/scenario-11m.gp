set terminal pngcairo size 900,610 noenhanced font ",9"
set output 'scenario-11m.png'
set multiplot layout 2,3 title "11m. HTTPS fixed memory: httpd with a full pool of 1,000 TLS connections, keep-alive, new handshakes, over the pool\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd-tls-1k" 70879.5 70879.5 70879.5 5592405 "70,880"
EOD
set title "c=1000,n=10, client http-tls"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:0.6]
set yrange [0:85055.4]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000, "80k" 80000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd-tls-1k" 70374.9 70374.9 70374.9 5592405 "70,375"
EOD
set title "c=1000,n=200, client http-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:0.6]
set yrange [0:84449.9]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000, "80k" 80000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd-tls-1k" 1453.8 1453.8 1453.8 5592405 "1,454"
EOD
set title "new,c=1000,N=20000, client http-tls-full"
unset ylabel
set lmargin 8
set xrange [-0.6:0.6]
set yrange [0:1744.56]
set ytics ("0" 0, "500" 500, "1k" 1000, "1.5k" 1500)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "httpd-tls-1k" 53 53 53 5592405 "53.0"
EOD
set title "c=1000,n=10, client http-tls"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:0.6]
set yrange [0:63.6]
set ytics ("0" 0, "20" 20, "40" 40, "60" 60)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "httpd-tls-1k" 16.25 16.25 16.25 5592405 "16.2"
EOD
set title "c=1000,n=200, client http-tls"
unset ylabel
set lmargin 8
set xrange [-0.6:0.6]
set yrange [0:19.5]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "httpd-tls-1k" 494.955 494.955 494.955 5592405 "495"
EOD
set title "new,c=1000,N=20000, client http-tls-full"
unset ylabel
set lmargin 8
set xrange [-0.6:0.6]
set yrange [0:593.946]
set ytics ("0" 0, "200" 200, "400" 400)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
