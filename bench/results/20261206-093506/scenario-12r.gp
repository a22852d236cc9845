set terminal pngcairo size 3000,610 noenhanced font ",9"
set output 'scenario-12r.png'
set multiplot layout 2,10 title "12r. Threads: the largest serial work per request at a fixed offered rate\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "inline" 9998.7 9998.7 9998.7 5592405 "9,999"
1 "t1" 9997.7 9997.7 9997.7 5592405 "9,998"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:11998.4]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "inline" 8887.5 8887.5 8887.5 5592405 "8,888"
1 "t1" 9037.4 9037.4 9037.4 5592405 "9,037"
EOD
set title "rate=10000,w=100us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:10844.9]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "inline" 8217.3 8217.3 8217.3 5592405 "8,217"
1 "t1" 8103.2 8103.2 8103.2 5592405 "8,103"
EOD
set title "rate=10000,w=110us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:9860.76]
set ytics ("0" 0, "2k" 2000, "4k" 4000, "6k" 6000, "8k" 8000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "inline" 10000.2 10000.2 10000.2 5592405 "10,000"
1 "t1" 9998.7 9998.7 9998.7 5592405 "9,999"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12000.2]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
$p5 << EOD
0 "inline" 9999.5 9999.5 9999.5 5592405 "10,000"
1 "t1" 10000.3 10000.3 10000.3 5592405 "10,000"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12000.4]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p5 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p5 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p5 using 1:5:7 with labels offset 0,0.8 font ',9'
$p6 << EOD
0 "inline" 9996.6 9996.6 9996.6 5592405 "9,997"
1 "t1" 9998 9998 9998 5592405 "9,998"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11997.6]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p6 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p6 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p6 using 1:5:7 with labels offset 0,0.8 font ',9'
$p7 << EOD
0 "inline" 9998 9998 9998 5592405 "9,998"
1 "t1" 10000.9 10000.9 10000.9 5592405 "10,001"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12001.1]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p7 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p7 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p7 using 1:5:7 with labels offset 0,0.8 font ',9'
$p8 << EOD
0 "inline" 10000.1 10000.1 10000.1 5592405 "10,000"
1 "t1" 10000.4 10000.4 10000.4 5592405 "10,000"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12000.5]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p8 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p8 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p8 using 1:5:7 with labels offset 0,0.8 font ',9'
$p9 << EOD
0 "inline" 9650.8 9650.8 9650.8 5592405 "9,651"
1 "t1" 10021.4 10021.4 10021.4 5592405 "10,021"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:12025.7]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p9 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p9 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p9 using 1:5:7 with labels offset 0,0.8 font ',9'
$p10 << EOD
0 "inline" 9439.2 9439.2 9439.2 5592405 "9,439"
1 "t1" 9389.1 9389.1 9389.1 5592405 "9,389"
EOD
set title "rate=10000,w=95us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:11327]
set ytics ("0" 0, "2.5k" 2500, "5k" 5000, "7.5k" 7500, "10k" 10000)
plot $p10 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p10 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p10 using 1:5:7 with labels offset 0,0.8 font ',9'
$p11 << EOD
0 "inline" 1.20422 1.20422 1.20422 5592405 "1.20"
1 "t1" 1.22061 1.22061 1.22061 5592405 "1.22"
EOD
set title "rate=10000,w=0us, client http"
set ylabel "Latency p99 (ms)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:1.46473]
set ytics ("0" 0, "0.5" 0.5, "1" 1)
plot $p11 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p11 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p11 using 1:5:7 with labels offset 0,0.8 font ',9'
$p12 << EOD
0 "inline" 746.586 746.586 746.586 5592405 "747"
1 "t1" 637.534 637.534 637.534 5592405 "638"
EOD
set title "rate=10000,w=100us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:895.903]
set ytics ("0" 0, "200" 200, "400" 400, "600" 600, "800" 800)
plot $p12 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p12 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p12 using 1:5:7 with labels offset 0,0.8 font ',9'
$p13 << EOD
0 "inline" 1291.85 1291.85 1291.85 5592405 "1,292"
1 "t1" 1392.51 1392.51 1392.51 5592405 "1,393"
EOD
set title "rate=10000,w=110us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1671.01]
set ytics ("0" 0, "500" 500, "1k" 1000, "1.5k" 1500)
plot $p13 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p13 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p13 using 1:5:7 with labels offset 0,0.8 font ',9'
$p14 << EOD
0 "inline" 1.25337 1.25337 1.25337 5592405 "1.25"
1 "t1" 1.35987 1.35987 1.35987 5592405 "1.36"
EOD
set title "rate=10000,w=20us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1.63185]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5)
plot $p14 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p14 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p14 using 1:5:7 with labels offset 0,0.8 font ',9'
$p15 << EOD
0 "inline" 1.48275 1.48275 1.48275 5592405 "1.48"
1 "t1" 1.55648 1.55648 1.55648 5592405 "1.56"
EOD
set title "rate=10000,w=40us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:1.86777]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5)
plot $p15 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p15 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p15 using 1:5:7 with labels offset 0,0.8 font ',9'
$p16 << EOD
0 "inline" 1.67936 1.67936 1.67936 5592405 "1.68"
1 "t1" 1.1223 1.1223 1.1223 5592405 "1.12"
EOD
set title "rate=10000,w=60us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:2.01523]
set ytics ("0" 0, "0.5" 0.5, "1" 1, "1.5" 1.5, "2" 2)
plot $p16 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p16 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p16 using 1:5:7 with labels offset 0,0.8 font ',9'
$p17 << EOD
0 "inline" 1.50733 1.50733 1.50733 5592405 "1.51"
1 "t1" 5.50502 5.50502 5.50502 5592405 "5.51"
EOD
set title "rate=10000,w=80us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:6.60603]
set ytics ("0" 0, "2" 2, "4" 4, "6" 6)
plot $p17 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p17 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p17 using 1:5:7 with labels offset 0,0.8 font ',9'
$p18 << EOD
0 "inline" 2.88358 2.88358 2.88358 5592405 "2.88"
1 "t1" 3.80109 3.80109 3.80109 5592405 "3.80"
EOD
set title "rate=10000,w=85us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:4.5613]
set ytics ("0" 0, "1" 1, "2" 2, "3" 3, "4" 4)
plot $p18 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p18 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p18 using 1:5:7 with labels offset 0,0.8 font ',9'
$p19 << EOD
0 "inline" 211.812 211.812 211.812 5592405 "212"
1 "t1" 20.4472 20.4472 20.4472 5592405 "20.4"
EOD
set title "rate=10000,w=90us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:254.175]
set ytics ("0" 0, "100" 100, "200" 200)
plot $p19 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p19 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p19 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p19 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p19 using 1:5:7 with labels offset 0,0.8 font ',9'
$p20 << EOD
0 "inline" 354.419 354.419 354.419 5592405 "354"
1 "t1" 390.07 390.07 390.07 5592405 "390"
EOD
set title "rate=10000,w=95us, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:468.084]
set ytics ("0" 0, "100" 100, "200" 200, "300" 300, "400" 400)
plot $p20 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p20 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p20 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p20 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p20 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
